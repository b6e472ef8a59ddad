import { createLoader, parseAsString, type UrlValues } from "@/app/_lib/url-state";
import type { RouterInputs, RouterOutputs } from "../../../_lib/router-types";

export type AuditRow = RouterOutputs["audit"]["list"]["rows"][number];

/** The audit log's filters as they appear in the URL (shareable, survives a reload). */
export const auditFilterParsers = {
  person: parseAsString,
  action: parseAsString,
  entityType: parseAsString,
  entityId: parseAsString,
  from: parseAsString,
  to: parseAsString,
  cursor: parseAsString,
};
export type AuditFilterState = UrlValues<typeof auditFilterParsers>;
export const loadAuditFilters = createLoader(auditFilterParsers);

const localDate = /^\d{4}-\d{2}-\d{2}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (v: string | null, max: number) => (v && v.length <= max ? v : undefined);

/** The filters for the procedures, built the same way on server and client (one query key). */
export function toAuditFilters(
  f: AuditFilterState,
): Omit<RouterInputs["audit"]["list"], "cursor" | "limit"> {
  return {
    actorUserId: f.person && uuid.test(f.person) ? f.person : undefined,
    action: text(f.action, 100),
    entityType: text(f.entityType, 100),
    entityId: text(f.entityId?.trim() ?? null, 200),
    from: f.from && localDate.test(f.from) ? f.from : undefined,
    to: f.to && localDate.test(f.to) ? f.to : undefined,
  };
}

export function toAuditListInput(f: AuditFilterState): RouterInputs["audit"]["list"] {
  return { ...toAuditFilters(f), cursor: f.cursor ?? undefined, limit: 25 };
}

/** The download of the log with the same filters (GET /api/exports/audit, CSV). */
export function auditExportHref(f: AuditFilterState): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(toAuditFilters(f))) if (v) params.set(k, v);
  return `/api/exports/audit?${params}`;
}
