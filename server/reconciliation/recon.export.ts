import { readsReconciliation } from "@/server/auth/roles.logic";
import { defineExport } from "@/server/exports/export-route.service";
import { money, type ExportColumn } from "@/server/exports/export.logic";
import type { Translate } from "@/server/http/locale";
import { localDate } from "@/server/time/local-date.logic";
import { dayLinePages, getDayClose } from "./recon-day.service";
import { differencePages, type DifferenceRow } from "./recon-difference.service";
import { differenceFilters, methodDayInput } from "./recon.schema";

/** A code's word in the user's language (`exports.recon.<group>.<code>`), or empty. */
const word = (t: Translate, group: string, code: string | null | undefined) =>
  code ? t(`exports.recon.${group}.${code}`) : null;

/**
 * The differences queue as a file, with the screen's filters. Kind, status and resolution are
 * written in the user's language and again as their codes, which stay the same everywhere.
 */
export const reconDifferencesExport = defineExport({
  roles: readsReconciliation,
  query: differenceFilters,
  open(scope, filters) {
    const { t } = scope;
    const h = (key: string) => t(`exports.reconDifferences.${key}`);
    const columns: ExportColumn<DifferenceRow>[] = [
      { header: h("day"), value: (r) => r.day },
      { header: h("method"), value: (r) => r.methodLabel },
      { header: h("kind"), value: (r) => word(t, "kind", r.kind) },
      { header: h("kindCode"), value: (r) => r.kind },
      { header: h("status"), value: (r) => word(t, "status", r.status) },
      { header: h("statusCode"), value: (r) => r.status },
      { header: h("orderNumber"), value: (r) => r.orderNumber },
      { header: h("providerTxnId"), value: (r) => r.providerTxnId ?? r.providerRefundId },
      { header: h("merchantRef"), value: (r) => r.merchantRef ?? r.merchantRefundRef },
      { header: h("statement"), value: (r) => r.statementFileName },
      { header: h("lineNo"), value: (r) => r.lineNo },
      { header: h("currency"), value: (r) => r.currency },
      { header: h("ourAmount"), value: (r) => money(r.ourAmountMinor, r.currency) },
      { header: h("theirAmount"), value: (r) => money(r.theirAmountMinor, r.currency) },
      { header: h("ourFee"), value: (r) => money(r.ourFeeMinor, r.currency) },
      { header: h("theirFee"), value: (r) => money(r.theirFeeMinor, r.currency) },
      { header: h("resolution"), value: (r) => word(t, "resolution", r.resolution) },
      { header: h("resolutionCode"), value: (r) => r.resolution },
      { header: h("note"), value: (r) => r.resolutionNote },
      { header: h("resolvedBy"), value: (r) => r.resolvedByName },
      { header: h("resolvedAt"), value: (r) => r.resolvedAt },
    ];
    return Promise.resolve({
      name: `recon-differences-${localDate(new Date(), scope.timeZone)}`,
      columns,
      pages: differencePages(scope.db, scope.merchantId, filters),
    });
  },
});

/**
 * One row of a day's close file: the close itself (its figures), then each statement line
 * with the difference it shows, then the differences of our side (a payment or refund the
 * provider did not list), which have no line.
 */
interface CloseFileRow {
  row: "close" | "line" | "difference";
  status: string | null;
  lineNo?: number;
  statement?: string;
  occurredAt?: Date;
  lineKind?: string;
  providerRef?: string | null;
  merchantRef?: string | null;
  orderNumber?: string | null;
  store?: string | null;
  currency: string | null;
  amountMinor?: bigint | null;
  theirFeeMinor?: bigint | null;
  ourFeeMinor?: bigint | null;
  refundsMinor?: bigint;
  netMinor?: bigint;
  expectedSettlementDay?: string;
  differenceKind?: string | null;
  differenceStatus?: string | null;
  resolution?: string | null;
  note?: string | null;
}

/** A method's day as a file: its close's figures, its lines and its differences. */
export const reconCloseExport = defineExport({
  roles: readsReconciliation,
  query: methodDayInput,
  async open(scope, { methodId, day }) {
    const { t } = scope;
    // Reads the method within the shop first: another shop's method is a 404 before any byte.
    const close = await getDayClose(scope.db, scope.merchantId, { methodId, day });
    const h = (key: string) => t(`exports.reconClose.${key}`);
    const m = (minor: bigint | null | undefined, r: CloseFileRow) => money(minor, r.currency);
    const columns: ExportColumn<CloseFileRow>[] = [
      { header: h("row"), value: (r) => word(t, "row", r.row) },
      { header: h("day"), value: () => day },
      { header: h("method"), value: () => close.methodLabel },
      { header: h("status"), value: (r) => r.status },
      { header: h("statement"), value: (r) => r.statement },
      { header: h("lineNo"), value: (r) => r.lineNo },
      { header: h("occurredAt"), value: (r) => r.occurredAt },
      { header: h("lineKind"), value: (r) => word(t, "lineKind", r.lineKind) },
      { header: h("providerTxnId"), value: (r) => r.providerRef },
      { header: h("merchantRef"), value: (r) => r.merchantRef },
      { header: h("orderNumber"), value: (r) => r.orderNumber },
      { header: h("store"), value: (r) => r.store },
      { header: h("currency"), value: (r) => r.currency },
      { header: h("amount"), value: (r) => m(r.amountMinor, r) },
      { header: h("theirFee"), value: (r) => m(r.theirFeeMinor, r) },
      { header: h("ourFee"), value: (r) => m(r.ourFeeMinor, r) },
      { header: h("refunds"), value: (r) => m(r.refundsMinor, r) },
      { header: h("net"), value: (r) => m(r.netMinor, r) },
      { header: h("expectedSettlement"), value: (r) => r.expectedSettlementDay },
      { header: h("difference"), value: (r) => word(t, "kind", r.differenceKind) },
      { header: h("differenceStatus"), value: (r) => word(t, "status", r.differenceStatus) },
      { header: h("resolution"), value: (r) => word(t, "resolution", r.resolution) },
      { header: h("note"), value: (r) => r.note },
    ];
    const figures: CloseFileRow = {
      row: "close",
      status: word(t, "dayState", close.state),
      currency: close.currency,
      amountMinor: close.figures.grossMinor,
      theirFeeMinor: close.figures.theirFeesMinor,
      ourFeeMinor: close.figures.ourFeesMinor,
      refundsMinor: close.figures.refundsMinor,
      netMinor: close.figures.netMinor,
      expectedSettlementDay: close.figures.expectedSettlementDay,
    };
    const ourSide: CloseFileRow[] = close.differences
      .filter((d) => !d.lineId)
      .map((d) => ({
        row: "difference",
        status: null,
        orderNumber: d.orderNumber,
        currency: d.currency,
        amountMinor: d.ourAmountMinor,
        ourFeeMinor: d.ourFeeMinor,
        differenceKind: d.kind,
        differenceStatus: d.status,
        resolution: d.resolution,
        note: d.resolutionNote,
      }));
    async function* pages(): AsyncGenerator<CloseFileRow[]> {
      yield [figures];
      for await (const lines of dayLinePages(scope.db, scope.merchantId, methodId, day)) {
        yield lines.map((l) => ({
          row: "line",
          status: word(t, "lineState", l.state),
          statement: l.statementFileName,
          lineNo: l.lineNo,
          occurredAt: l.occurredAt,
          lineKind: l.kind,
          providerRef: l.providerTxnId ?? l.providerRefundId,
          merchantRef: l.merchantRef ?? l.merchantRefundRef,
          orderNumber: l.orderNumber,
          store: l.storeName,
          currency: l.currency,
          amountMinor: l.amountMinor,
          theirFeeMinor: l.feeMinor,
          differenceKind: l.differenceKind,
          differenceStatus: l.differenceStatus,
          resolution: l.resolution,
          note: l.resolutionNote,
        }));
      }
      if (ourSide.length > 0) yield ourSide;
    }
    return { name: `recon-close-${day}`, columns, pages: pages() };
  },
});
