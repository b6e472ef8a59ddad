"use client";

import { PrinterIcon, TicketIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { buttonClass } from "@/app/_components/ui/button-class";
import { useCustomerLocale, useCustomerTranslations } from "@/app/_i18n/customer-intl";
import { formatShopTime } from "../_lib/format";
import type { PayState, PayView } from "../_lib/pay-state";
import { Row } from "./row";

/** The receipt's details under the amount: readable on the phone, and printable. */
export function ReceiptDetails({
  view,
  state,
}: {
  view: PayView;
  state: Extract<PayState, { kind: "paid" }>;
}) {
  const t = useCustomerTranslations("pay.receipt");
  const locale = useCustomerLocale();
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
        <button
          type="button"
          className={buttonClass("outline", "lg", "w-full")}
          onClick={() => window.print()}
        >
          <PrinterIcon aria-hidden />
          {t("print")}
        </button>
      </div>
    </>
  );
}
