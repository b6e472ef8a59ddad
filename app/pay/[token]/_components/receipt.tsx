import { PrinterIcon, TicketIcon } from "@/app/_components/server-icons";
import { getLocale, getTranslations } from "next-intl/server";
import { PlainLink } from "@/app/_components/plain-link";
import { PrintButton } from "@/app/_components/print-button";
import { buttonClass } from "@/app/_components/ui/button-class";
import { formatShopTime } from "../_lib/format";
import type { PayState, PayView } from "../_lib/pay-state";
import { Row } from "./row";

/** The receipt's details under the amount: readable on the phone, and printable. */
export async function ReceiptDetails({
  view,
  state,
}: {
  view: PayView;
  state: Extract<PayState, { kind: "paid" }>;
}) {
  const t = await getTranslations("pay.receipt");
  const locale = await getLocale();
  const paidAt = view.succeededAt;
  const note = state.afterClose
    ? t("afterClose")
    : state.refund === "full"
      ? t("refunded")
      : state.refund === "partial"
        ? t("partlyRefunded")
        : null;
  return (
    <>
      {note ? <p className="bg-warning/15 mx-5 mb-4 rounded-lg px-3 py-2 text-sm">{note}</p> : null}
      <dl className="border-t px-5 py-3 text-sm">
        <Row label={t("method")}>{view.methodLabel}</Row>
        {paidAt ? (
          <Row label={t("paidAt")}>
            <time dateTime={paidAt.toISOString()}>
              {formatShopTime(paidAt, locale, view.timeZone)}
            </time>
          </Row>
        ) : null}
        <Row label={t("orderNumber")}>
          <span className="font-mono">{view.orderNumber}</span>
        </Row>
        <Row label={t("merchant")}>{view.merchantName}</Row>
        <Row label={t("store")}>{view.storeName}</Row>
      </dl>
      <div className="flex flex-col gap-3 border-t px-5 py-5 print:hidden">
        <p className="text-muted-foreground text-center text-sm">{t("keep")}</p>
        {view.voucherCode ? (
          <PlainLink
            href={`/r/${view.voucherCode}`}
            className={buttonClass("default", "lg", "w-full")}
          >
            <TicketIcon aria-hidden />
            {t("openVoucher")}
          </PlainLink>
        ) : null}
        <PrintButton className={buttonClass("outline", "lg", "w-full")}>
          <PrinterIcon aria-hidden />
          {t("print")}
        </PrintButton>
      </div>
    </>
  );
}
