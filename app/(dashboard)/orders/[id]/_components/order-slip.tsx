"use client";

import { PrinterIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { createPortal, flushSync } from "react-dom";
import { Button } from "@/app/_components/ui/button";
import { payLinkOrigin, type PayLinkReach } from "@/server/payments/pay-link-origin.logic";
import type { OrderAttempt, OrderDetail } from "../../../_lib/router-types";
// With the button, not the sheet: the sheet is printed as soon as it is drawn.
import "./order-slip.css";
import type { SlipSheet } from "./slip-sheet";

/**
 * "Print slip": the order on 80 mm paper with the pay QR of its open request, for a customer
 * who pays by scanning paper (a table, a delivery bag). The slip is drawn only for printing:
 * on screen nothing changes.
 */
export function PrintSlip({
  order,
  attempt,
  reach,
}: {
  order: OrderDetail;
  attempt: OrderAttempt;
  reach: PayLinkReach;
}) {
  const t = useTranslations("orders.slip");
  const [slip, setSlip] = useState<{ qr: string; Sheet: typeof SlipSheet } | null>(null);

  async function print() {
    // The pay link, as on the counter's screen: the customer's phone opens the pay page.
    const origin = payLinkOrigin(window.location.origin, reach);
    const link = new URL(`/pay/${attempt.token}`, origin).toString();
    // The encoder (qrcode, ~4 KB gzip) and the sheet are fetched on printing, not with the page.
    const [{ default: QRCode }, { SlipSheet: Sheet }] = await Promise.all([
      import("qrcode"),
      import("./slip-sheet"),
    ]);
    const qr = await QRCode.toString(link, { type: "svg", margin: 0, errorCorrectionLevel: "M" });
    // The slip is in the page before the print dialog reads it.
    flushSync(() => setSlip({ qr, Sheet }));
    window.print();
  }

  return (
    <>
      <Button type="button" variant="outline" className="min-h-11" onClick={() => void print()}>
        <PrinterIcon aria-hidden />
        {t("print")}
      </Button>
      {slip
        ? createPortal(<slip.Sheet order={order} attempt={attempt} qr={slip.qr} />, document.body)
        : null}
    </>
  );
}
