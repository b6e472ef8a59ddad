"use client";

import { PrinterIcon, TicketIcon } from "lucide-react";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { Button } from "@/app/_components/ui/button";
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
  const t = useTranslations("pay.receipt");
  const locale = useLocale();
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
          <Button asChild size="lg" className="w-full">
            <Link href={`/r/${view.voucherCode}`}>
              <TicketIcon aria-hidden />
              {t("openVoucher")}
            </Link>
          </Button>
        ) : null}
        <Button variant="outline" size="lg" className="w-full" onClick={() => window.print()}>
          <PrinterIcon aria-hidden />
          {t("print")}
        </Button>
      </div>
    </>
  );
}
