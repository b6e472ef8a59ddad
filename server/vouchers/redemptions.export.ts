import { areaAccess } from "@/server/auth/roles.logic";
import { defineExport } from "@/server/exports/export-route.service";
import { money, type ExportColumn } from "@/server/exports/export.logic";
import { localDate } from "@/server/time/local-date.logic";
import { assertShopStore } from "@/server/exports/shop-store.service";
import { formatCode } from "./voucher-code.logic";
import { redemptionPages, type RedemptionRow } from "./voucher-report.service";
import { listRedemptionsInput } from "./voucher.schema";

/** The redemption log (核销记录) as a file, with the log's filters; the back office only. */
export const redemptionsExport = defineExport({
  roles: areaAccess.vouchers,
  query: listRedemptionsInput.omit({ cursor: true, limit: true }),
  async open(scope, filters) {
    await assertShopStore(scope.db, scope.merchantId, filters.storeId);
    const { t } = scope;
    const h = (key: string) => t(`exports.redemptions.${key}`);
    const columns: ExportColumn<RedemptionRow>[] = [
      { header: h("redeemedAt"), value: (r) => r.redeemedAt },
      { header: h("code"), value: (r) => formatCode(r.code) },
      { header: h("orderNumber"), value: (r) => r.orderNumber },
      { header: h("store"), value: (r) => r.storeName },
      { header: h("staff"), value: (r) => r.staffName },
      { header: h("device"), value: (r) => r.deviceId },
      { header: h("value"), value: (r) => money(r.valueMinor, r.currency) },
      { header: h("currency"), value: (r) => r.currency },
      { header: h("usesLeft"), value: (r) => r.usesLeft },
      { header: h("usesTotal"), value: (r) => r.usesTotal },
      {
        header: h("state"),
        value: (r) => t(r.reversedAt ? "vouchers.log.reversed" : "vouchers.log.active"),
      },
      { header: h("reversedAt"), value: (r) => r.reversedAt },
      { header: h("reversedBy"), value: (r) => r.reversedByName },
      { header: h("reverseReason"), value: (r) => r.reverseReason },
    ];
    return {
      name: `redemptions-${localDate(new Date(), scope.timeZone)}`,
      columns,
      pages: redemptionPages(scope.db, scope.merchantId, filters),
    };
  },
});
