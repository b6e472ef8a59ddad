import { areaAccess } from "@/server/auth/roles.logic";
import { defineExport } from "@/server/exports/export-route.service";
import { money, type ExportColumn } from "@/server/exports/export.logic";
import { assertShopStore } from "@/server/exports/shop-store.service";
import { localDate } from "@/server/time/local-date.logic";
import { refundPages, type RefundListRow } from "./refund-query.service";
import { refundFilters } from "./refund.schema";

/**
 * The refunds list as a file, with the screen's filters. Status and reason are written in the
 * user's language and again as their codes, which stay the same in every language and release.
 */
export const refundsExport = defineExport({
  roles: areaAccess.refunds,
  query: refundFilters,
  async open(scope, filters) {
    await assertShopStore(scope.db, scope.merchantId, filters.storeId);
    const { t } = scope;
    const h = (key: string) => t(`exports.refunds.${key}`);
    const columns: ExportColumn<RefundListRow>[] = [
      { header: h("createdAt"), value: (r) => r.createdAt },
      { header: h("orderNumber"), value: (r) => r.orderNumber },
      { header: h("store"), value: (r) => r.storeName },
      { header: h("amount"), value: (r) => money(r.amountMinor, r.currency) },
      { header: h("currency"), value: (r) => r.currency },
      { header: h("methodKind"), value: (r) => t(`paymentMethods.kinds.${r.methodKind}`) },
      { header: h("method"), value: (r) => r.methodLabel },
      { header: h("status"), value: (r) => t(`refunds.status.${r.status}`) },
      { header: h("statusCode"), value: (r) => r.status },
      { header: h("reason"), value: (r) => t(`refunds.reason.${r.reason}`) },
      { header: h("reasonCode"), value: (r) => r.reason },
      { header: h("reasonText"), value: (r) => r.reasonText },
      { header: h("requestedBy"), value: (r) => r.requestedByName },
      { header: h("decidedBy"), value: (r) => r.approvedByName ?? r.refusedByName },
      { header: h("decidedAt"), value: (r) => r.decidedAt },
      { header: h("refuseReason"), value: (r) => r.refuseReason },
      { header: h("settledAt"), value: (r) => r.succeededAt ?? r.failedAt },
      { header: h("providerRefundId"), value: (r) => r.providerRefundId },
      { header: h("feeRefunded"), value: (r) => money(r.feeRefundedMinor, r.currency) },
    ];
    return {
      name: `refunds-${localDate(new Date(), scope.timeZone)}`,
      columns,
      pages: refundPages(scope.db, scope.merchantId, filters),
    };
  },
});
