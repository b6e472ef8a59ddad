import {
  createLoader,
  parseAsString,
  parseAsStringLiteral,
  type UrlValues,
} from "@/app/_lib/url-state";
import { failureReasons } from "@/server/payments/failure-reasons.logic";
import type { MethodKind, RouterInputs, RouterOutputs } from "../../_lib/router-types";
import { methodKinds } from "../../orders/_lib/search-params";
import { failureKinds } from "@/db/schema/enum-values";

export type FailureRow = RouterOutputs["failures"]["list"]["rows"][number];
export type FailureKind = FailureRow["kind"];

/** The failure log's filters as they appear in the URL (shareable, survives a reload). */
export const failureFilterParsers = {
  reason: parseAsStringLiteral(failureReasons),
  kind: parseAsStringLiteral(failureKinds),
  method: parseAsStringLiteral(methodKinds as readonly MethodKind[]),
  store: parseAsString,
  from: parseAsString,
  to: parseAsString,
  recovered: parseAsStringLiteral(["yes", "no"] as const),
  cursor: parseAsString,
};
export type FailureFilterState = UrlValues<typeof failureFilterParsers>;
export const loadFailureFilters = createLoader(failureFilterParsers);

const localDate = /^\d{4}-\d{2}-\d{2}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters for the procedures, built the same way on server and client (one query key). */
export function toFailureFilters(
  f: FailureFilterState,
): Omit<RouterInputs["failures"]["list"], "cursor" | "limit"> {
  return {
    reason: f.reason ?? undefined,
    kind: f.kind ?? undefined,
    methodKind: f.method ?? undefined,
    storeId: f.store && uuid.test(f.store) ? f.store : undefined,
    from: f.from && localDate.test(f.from) ? f.from : undefined,
    to: f.to && localDate.test(f.to) ? f.to : undefined,
    recovered: f.recovered ?? undefined,
  };
}

export function toFailureListInput(f: FailureFilterState): RouterInputs["failures"]["list"] {
  return { ...toFailureFilters(f), cursor: f.cursor ?? undefined, limit: 25 };
}

/** The download of the log with the same filters (GET /api/exports/failures, CSV). */
export function failureExportHref(f: FailureFilterState): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(toFailureFilters(f))) if (v) params.set(k, v);
  return `/api/exports/failures?${params}`;
}

export { failureKinds };
