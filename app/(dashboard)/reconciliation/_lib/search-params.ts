import {
  createLoader,
  parseAsString,
  parseAsStringLiteral,
  type UrlValues,
} from "@/app/_lib/url-state";
import type { RouterInputs, RouterOutputs } from "../../_lib/router-types";
import {
  reconDifferenceKinds as differenceKinds,
  reconDifferenceStatuses as differenceStatuses,
  statementLineStates,
} from "@/db/schema/enum-values";

export type StatementRow = RouterOutputs["statements"]["list"]["rows"][number];
export type StatementDetail = RouterOutputs["statements"]["byId"];
export type StatementLineRow = RouterOutputs["statements"]["lines"]["rows"][number];
export type DifferenceRow = RouterOutputs["reconciliation"]["differences"]["rows"][number];
export type DayClose = RouterOutputs["reconciliation"]["dayClose"];
export type DifferenceKind = DifferenceRow["kind"];

/** Settled states first; lines still waiting for matching last. */
export const lineStates = [
  ...statementLineStates.filter((state) => state !== "pending"),
  "pending",
] as const;

const localDate = /^\d{4}-\d{2}-\d{2}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idOrUndefined = (v: string | null) => (v && uuid.test(v) ? v : undefined);
const dayOrUndefined = (v: string | null) => (v && localDate.test(v) ? v : undefined);

/** The statements list: one method's, or all; the page in the URL. */
export const statementFilterParsers = { method: parseAsString, cursor: parseAsString };
export type StatementFilterState = UrlValues<typeof statementFilterParsers>;
export const loadStatementFilters = createLoader(statementFilterParsers);

export function toStatementListInput(f: StatementFilterState): RouterInputs["statements"]["list"] {
  return { methodId: idOrUndefined(f.method), cursor: f.cursor ?? undefined, limit: 25 };
}

/** A statement's lines, by state. */
export const lineFilterParsers = {
  state: parseAsStringLiteral(lineStates),
  cursor: parseAsString,
};
export type LineFilterState = UrlValues<typeof lineFilterParsers>;
export const loadLineFilters = createLoader(lineFilterParsers);

export function toLineListInput(
  statementId: string,
  f: LineFilterState,
): RouterInputs["statements"]["lines"] {
  return { statementId, state: f.state ?? undefined, cursor: f.cursor ?? undefined, limit: 50 };
}

/** The differences queue's filters as they appear in the URL (shareable, survive a reload). */
export const differenceFilterParsers = {
  status: parseAsStringLiteral(differenceStatuses),
  kind: parseAsStringLiteral(differenceKinds),
  method: parseAsString,
  from: parseAsString,
  to: parseAsString,
  cursor: parseAsString,
};
export type DifferenceFilterState = UrlValues<typeof differenceFilterParsers>;
export const loadDifferenceFilters = createLoader(differenceFilterParsers);

/** The filters for the procedure and the export, built the same way on server and client. */
export function toDifferenceFilters(
  f: DifferenceFilterState,
): Omit<RouterInputs["reconciliation"]["differences"], "cursor" | "limit"> {
  return {
    status: f.status ?? undefined,
    kind: f.kind ?? undefined,
    methodId: idOrUndefined(f.method),
    from: dayOrUndefined(f.from),
    to: dayOrUndefined(f.to),
  };
}

export function toDifferenceListInput(
  f: DifferenceFilterState,
): RouterInputs["reconciliation"]["differences"] {
  return { ...toDifferenceFilters(f), cursor: f.cursor ?? undefined, limit: 25 };
}

/** The download of the queue with the same filters (GET /api/exports/recon-differences). */
export function differenceExportHref(f: DifferenceFilterState, format: "csv" | "xlsx"): string {
  const params = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(toDifferenceFilters(f))) if (v) params.set(k, v);
  return `/api/exports/recon-differences?${params}`;
}

/** The queue a person works through: what is still open. */
export const openDifferencesHref = "/reconciliation/differences?status=open";

/** The days screen: a month, a method and a chosen day. */
export const dayParsers = { month: parseAsString, method: parseAsString, day: parseAsString };
export type DaysFilterState = UrlValues<typeof dayParsers>;

/** The download of one method's closed day (GET /api/exports/recon-close). */
export function closeExportHref(methodId: string, day: string, format: "csv" | "xlsx"): string {
  return `/api/exports/recon-close?${new URLSearchParams({ format, methodId, day })}`;
}

export { differenceKinds, differenceStatuses };
