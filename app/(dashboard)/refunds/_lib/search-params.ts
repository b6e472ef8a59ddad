import {
  createLoader,
  parseAsString,
  parseAsStringLiteral,
  type UrlValues,
} from "@/app/_lib/url-state";
import type { RouterInputs, RouterOutputs } from "../../_lib/router-types";
import { methodKinds } from "../../orders/_lib/search-params";
import { refundStatuses } from "@/db/schema/enum-values";

export type RefundRow = RouterOutputs["refunds"]["list"]["rows"][number];
export type RefundStatus = RefundRow["status"];

/** The refunds list's filters as they appear in the URL (shareable, survives a reload). */
export const refundFilterParsers = {
  status: parseAsStringLiteral(refundStatuses),
  method: parseAsStringLiteral(methodKinds),
  store: parseAsString,
  from: parseAsString,
  to: parseAsString,
  q: parseAsString,
  cursor: parseAsString,
};
export type RefundFilterState = UrlValues<typeof refundFilterParsers>;
export const loadRefundFilters = createLoader(refundFilterParsers);

const localDate = /^\d{4}-\d{2}-\d{2}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters for the procedure and the export, built the same way on server and client. */
export function toRefundFilters(
  f: RefundFilterState,
): Omit<RouterInputs["refunds"]["list"], "cursor" | "limit" | "orderId"> {
  const q = f.q?.trim().slice(0, 100);
  return {
    status: f.status ?? undefined,
    methodKind: f.method ?? undefined,
    storeId: f.store && uuid.test(f.store) ? f.store : undefined,
    from: f.from && localDate.test(f.from) ? f.from : undefined,
    to: f.to && localDate.test(f.to) ? f.to : undefined,
    q: q || undefined,
  };
}

export function toRefundListInput(f: RefundFilterState): RouterInputs["refunds"]["list"] {
  return { ...toRefundFilters(f), cursor: f.cursor ?? undefined, limit: 25 };
}

/** The download of the list with the same filters (GET /api/exports/refunds). */
export function refundExportHref(f: RefundFilterState, format: "csv" | "xlsx"): string {
  const params = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(toRefundFilters(f))) if (v) params.set(k, v);
  return `/api/exports/refunds?${params}`;
}

export { refundStatuses };
