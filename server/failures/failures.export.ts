import { areaAccess } from "@/server/auth/roles.logic";
import { defineExport } from "@/server/exports/export-route.service";
import { money, type ExportColumn } from "@/server/exports/export.logic";
import { localDate } from "@/server/time/local-date.logic";
import { assertShopStore } from "@/server/exports/shop-store.service";
import { failureFilters } from "./failure-log.schema";
import { seesCustomerContact } from "@/server/auth/roles.logic";
import { failurePages, type FailureRow } from "./failure-query.service";

/**
 * The failure log as a file, with the screen's filters. The reason is written twice: in the
 * user's language, and as its code, which stays the same in every language and release, for
 * analysts who pivot or join files. The provider's own code and message are data, as received.
 */
export const failuresExport = defineExport({
  roles: areaAccess.failures,
  // Customers' contacts leave the console in this file (not in an analyst's): asked again.
  stepUp: seesCustomerContact,
  query: failureFilters,
  async open(scope, filters) {
    await assertShopStore(scope.db, scope.merchantId, filters.storeId);
    const { t } = scope;
    const h = (key: string) => t(`exports.failures.${key}`);
    const columns: (ExportColumn<FailureRow> | false)[] = [
      { header: h("occurredAt"), value: (r) => r.occurredAt },
      { header: h("kind"), value: (r) => t(`failures.kind.${r.kind}`) },
      // One row stands for the same failure repeated (a customer retrying the same way).
      { header: h("occurrences"), value: (r) => r.occurrences },
      { header: h("reason"), value: (r) => t(`orders.failure.short.${r.reason}`) },
      { header: h("reasonCode"), value: (r) => r.reason },
      { header: h("providerCode"), value: (r) => r.providerCode },
      { header: h("providerMessage"), value: (r) => r.providerMessage },
      {
        header: h("methodKind"),
        value: (r) => (r.methodKind ? t(`paymentMethods.kinds.${r.methodKind}`) : null),
      },
      { header: h("method"), value: (r) => r.methodLabel },
      { header: h("store"), value: (r) => r.storeName },
      { header: h("staff"), value: (r) => r.staffName },
      { header: h("orderNumber"), value: (r) => r.orderNumber },
      { header: h("amount"), value: (r) => money(r.amountMinor, r.currency) },
      { header: h("currency"), value: (r) => r.currency },
      // Analysts study patterns: the customer's address is not in their file at all.
      seesCustomerContact(scope.role) && {
        header: h("customerContact"),
        value: (r) => r.customerContact,
      },
      { header: h("recoveredAt"), value: (r) => r.recoveredAt },
      { header: h("recoveredAmount"), value: (r) => money(r.recoveredAmountMinor, r.currency) },
    ];
    return {
      name: `payment-failures-${localDate(new Date(), scope.timeZone)}`,
      columns: columns.filter((c) => c !== false),
      pages: failurePages(scope.db, scope.merchantId, scope.role, filters, scope.timeZone),
    };
  },
});
