import { readsAuditLog } from "@/server/auth/roles.logic";
import { canonicalJson } from "@/server/crypto/canonical-json.logic";
import { defineExport } from "@/server/exports/export-route.service";
import type { ExportColumn } from "@/server/exports/export.logic";
import { localDate } from "@/server/time/local-date.logic";
import { auditFilters } from "./audit.schema";
import { auditLogPages, type AuditRow } from "./audit.service";

const json = (value: unknown) => (value === null ? null : canonicalJson(value));

/**
 * The audit log as a file, with the screen's filters. Actions and entity kinds are written as
 * their codes (the same in every language and release); before and after as JSON, as recorded.
 */
export const auditExport = defineExport({
  roles: readsAuditLog,
  query: auditFilters,
  async open(scope, filters) {
    const h = (key: string) => scope.t(`exports.audit.${key}`);
    const columns: ExportColumn<AuditRow>[] = [
      { header: h("seq"), value: (r) => r.seq },
      { header: h("createdAt"), value: (r) => r.createdAt },
      { header: h("person"), value: (r) => r.actor },
      { header: h("action"), value: (r) => r.action },
      { header: h("entityType"), value: (r) => r.entityType },
      { header: h("entityId"), value: (r) => r.entityId },
      { header: h("ipAddress"), value: (r) => r.ipAddress },
      { header: h("userAgent"), value: (r) => r.userAgent },
      { header: h("before"), value: (r) => json(r.before) },
      { header: h("after"), value: (r) => json(r.after) },
    ];
    return {
      name: `audit-log-${localDate(new Date(), scope.timeZone)}`,
      columns,
      pages: auditLogPages(scope.db, scope.merchantId, filters, scope.timeZone),
    };
  },
});
