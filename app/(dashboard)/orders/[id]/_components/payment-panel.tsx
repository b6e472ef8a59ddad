"use client";

import { AlertTriangleIcon, BanIcon, CircleCheckBigIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import { Suspense } from "react";
import { Money } from "@/app/_components/money";
import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useHydrated } from "@/app/_lib/use-hydrated";
import type { PayLinkReach } from "@/server/payments/pay-link-origin.logic";
import type { MethodChoice, OrderDetail } from "../../../_lib/router-types";
import { useShopTime } from "../../../_lib/use-shop-time";
import { paidParts } from "./order-payments";
import { RefundDialog } from "./refund-dialog";

// Taking a payment (the methods, the amount, an open request, a failure) loads only for an
// order still waiting to be paid, with its sentences: most orders' pages are of orders
// already settled.
const { Lazy: PendingPayment } = lazyWithMessages(
  ["orders.panel", "orders.parts", "orders.wallet", "orders.failure", "guides.links"],
  () => import("./pending-payment"),
  (m) => m.PendingPayment,
);

/**
 * The counter's side of an order: while it is pending, taking a payment (PendingPayment);
 * once paid, saying so unmistakably.
 */
export function PaymentPanel(props: {
  order: OrderDetail;
  methods: MethodChoice[] | undefined;
  canTakePayments: boolean;
  payLinkReach: PayLinkReach;
  onChanged: () => void;
}) {
  const hydrated = useHydrated();
  if (props.order.status !== "pending") return <SettledPanel order={props.order} />;
  // Its sentences come from /api/messages, which only the browser asks: the server's HTML
  // holds its place (a counter reaches a new order's page by the app's own navigation, which
  // draws in the browser anyway).
  if (!hydrated) return <Skeleton className="h-64" />;
  return (
    <Suspense fallback={<Skeleton className="h-64" />}>
      <PendingPayment {...props} />
    </Suspense>
  );
}

/** Paid, refunded, cancelled or expired: what happened, large enough to read across the counter. */
function SettledPanel({ order }: { order: OrderDetail }) {
  const t = useTranslations("orders.paid");
  const tStatus = useTranslations("orders.status");
  const tClosed = useTranslations("orders.panel.closed");
  const tParts = useTranslations("orders.parts");
  const time = useShopTime();
  const parts = paidParts(order);
  // One part: its method, fee and change as before; a split bill lists its parts below.
  const paidBy = parts.length === 1 ? parts[0] : undefined;

  if (order.status === "cancelled" || order.status === "expired") {
    return (
      <Card className="flex flex-col items-center gap-2 p-8 text-center" role="status">
        <BanIcon className="text-muted-foreground size-10" aria-hidden />
        <p className="text-2xl font-semibold">{tStatus(order.status)}</p>
        <p className="text-muted-foreground text-sm">{tClosed(order.status)}</p>
      </Card>
    );
  }

  return (
    <Card
      role="status"
      variant="tinted"
      className="flex flex-col items-center gap-4 border-emerald-300 bg-emerald-50 p-6 text-center text-emerald-950 sm:p-8"
    >
      <CircleCheckBigIcon className="size-16 text-emerald-600" aria-hidden />
      <p className="text-4xl font-bold tracking-tight" data-testid="paid-state">
        {tStatus(order.status)}
      </p>
      <Money
        minor={order.amountMinor}
        currency={order.currency}
        className="text-2xl font-semibold"
      />
      {paidBy ? (
        <dl className="grid w-full max-w-md grid-cols-2 gap-x-4 gap-y-2 text-left text-sm">
          <dt className="text-emerald-900/80">{t("method")}</dt>
          <dd className="text-right font-medium">{paidBy.methodLabel}</dd>
          <dt className="text-emerald-900/80">{t("fee")}</dt>
          <dd className="text-right font-medium">
            {paidBy.feeMinor !== null ? (
              <Money minor={paidBy.feeMinor} currency={paidBy.currency} />
            ) : (
              "—"
            )}
          </dd>
          {paidBy.cashTenderedMinor !== null ? (
            <>
              <dt className="text-emerald-900/80">{t("tendered")}</dt>
              <dd className="text-right font-medium">
                <Money minor={paidBy.cashTenderedMinor} currency={paidBy.currency} />
              </dd>
            </>
          ) : null}
          {order.paidAt ? (
            <>
              <dt className="text-emerald-900/80">{t("at")}</dt>
              <dd className="text-right font-medium">{time.dateTime(order.paidAt)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {parts.length > 1 ? (
        <ul
          className="flex w-full max-w-md flex-col gap-1 text-left text-sm"
          aria-label={tParts("title")}
        >
          {parts.toReversed().map((a) => (
            <li key={a.id} className="flex justify-between gap-3">
              <span>{a.methodLabel}</span>
              <Money minor={a.amountMinor} currency={a.currency} className="font-medium" />
            </li>
          ))}
        </ul>
      ) : null}
      {paidBy?.changeMinor !== null && paidBy?.changeMinor !== undefined ? (
        <div className="flex w-full max-w-md items-baseline justify-between rounded-lg bg-white/70 px-4 py-3">
          <span className="font-medium">{t("change")}</span>
          <Money
            minor={paidBy.changeMinor}
            currency={paidBy.currency}
            className="text-3xl font-bold"
          />
        </div>
      ) : null}
    </Card>
  );
}

/** Money that moved twice or in the wrong amount: staff must act (refund), so it stands out. */
export function PaymentWarnings({
  order,
  canRefund,
  onRefunded,
}: {
  order: OrderDetail;
  canRefund: boolean;
  onRefunded: () => void;
}) {
  const t = useTranslations("orders.warnings");
  const duplicates = order.attempts.filter((a) => a.isDuplicate);
  const mismatches = order.attempts.filter((a) => a.amountMismatch);
  if (duplicates.length === 0 && mismatches.length === 0) return null;
  // A late payment on a closed order was never wanted; a second one on a paid order doubled it.
  const closed = order.status === "cancelled" || order.status === "expired";
  return (
    <div
      role="alert"
      className="flex gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950"
    >
      <AlertTriangleIcon className="mt-0.5 size-5 shrink-0 text-amber-700" aria-hidden />
      <div className="flex flex-col gap-2 text-sm">
        {duplicates.map((a) => (
          <div key={`d-${a.id}`} className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <p>
              {t(closed ? "onClosed" : order.status === "pending" ? "overPayment" : "duplicate", {
                method: a.methodLabel,
              })}
            </p>
            {a.refundedMinor >= a.amountMinor ? (
              <p className="font-medium">{t("refundedBack")}</p>
            ) : canRefund ? (
              <RefundDialog
                orderId={order.id}
                payment={a}
                defaultReason={closed ? "order_cancelled" : "duplicate_payment"}
                triggerLabel={t("refundIt")}
                triggerVariant="default"
                onDone={onRefunded}
              />
            ) : null}
          </div>
        ))}
        {mismatches.map((a) => (
          <p key={`m-${a.id}`}>{t("mismatch", { method: a.methodLabel })}</p>
        ))}
      </div>
    </div>
  );
}
