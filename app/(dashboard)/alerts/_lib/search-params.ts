import {
  createLoader,
  parseAsString,
  parseAsStringLiteral,
  type UrlValues,
} from "@/app/_lib/url-state";
import type { RouterInputs, RouterOutputs } from "../../_lib/router-types";
import { alertStatuses as alertStates } from "@/db/schema/enum-values";

export type AlertRow = RouterOutputs["alerts"]["list"]["rows"][number];
export type AlertStatus = AlertRow["status"];

// Checked against the server's types: a state added there fails here.

/** The console's filters as they appear in the URL (shareable, survives a reload). */
export const alertFilterParsers = {
  status: parseAsStringLiteral(alertStates),
  kind: parseAsString,
  from: parseAsString,
  to: parseAsString,
  cursor: parseAsString,
};
export type AlertFilterState = UrlValues<typeof alertFilterParsers>;
export const loadAlertFilters = createLoader(alertFilterParsers);

const localDate = /^\d{4}-\d{2}-\d{2}$/;
const kindPattern = /^[a-z][a-z0-9_]{0,63}$/;

/** The procedure's input, built the same way on server (prefetch) and client. */
export function toAlertListInput(f: AlertFilterState): RouterInputs["alerts"]["list"] {
  return {
    status: f.status ?? undefined,
    kind: f.kind && kindPattern.test(f.kind) ? f.kind : undefined,
    from: f.from && localDate.test(f.from) ? f.from : undefined,
    to: f.to && localDate.test(f.to) ? f.to : undefined,
    cursor: f.cursor ?? undefined,
    limit: 25,
  };
}

export { alertStates };
