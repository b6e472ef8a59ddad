"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useTranslations } from "@/app/_i18n/client-intl";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import { Suspense } from "react";
import { Money } from "@/app/_components/money";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useTRPC } from "@/app/_trpc/client";
import type { OrderDetail } from "../../../_lib/router-types";
import { useShopTime } from "../../../_lib/use-shop-time";
import { RefundStatusBadge } from "../../../refunds/_components/refund-status-badge";
import { paidParts } from "./order-payments";
import { RefundDialog } from "./refund-dialog";

/**
 * Approve and Refuse (their dialogs, mutations and sentences, ~1.5 KB gzip) load only when the
 * order has a refund awaiting the viewer's decision: most orders' pages show none. The list of
 * refunds is the browser's to fetch, so this never renders on the server.
 */
const { Lazy: RefundDecision } = lazyWithMessages(
  [
    "refunds.approve",
    "refunds.refuse",
    "refunds.decision",
    "errors.reasonRequired",
    "errors.refundRedeemedVoucher",
  ],
  () => import("../../../refunds/_components/refund-decision"),
  (m) => m.RefundDecision,
);

/**
 * The payments that paid the order — one, or each part of a split bill —, what the order
 * page's Refund buttons give back from. None while the order still waits for parts: its paid
 * parts are refunded by cancelling it.
 */
function payingAttempts(order: OrderDetail) {
  return order.status === "pending" ? [] : paidParts(order);
}

/**
 * The order's refunds with their state, and the Refund button for those who may ask. A
 * refund waiting for a decision shows Approve and Refuse to those who decide, and says it
 * waits to everyone else.
 */
export function OrderRefunds({
  order,
  canAsk,
  canDecide,
  onChanged,
}: {
  order: OrderDetail;
  canAsk: boolean;
  canDecide: boolean;
  onChanged: () => void;
}) {
  const t = useTranslations("orderRefunds.card");
  const tReason = useTranslations("refunds.reason");
  const time = useShopTime();
  const trpc = useTRPC();
  const refunds = useQuery(trpc.refunds.list.queryOptions({ orderId: order.id, limit: 100 }));
  const paying = payingAttempts(order);
  const rows = refunds.data?.rows ?? [];
  if (paying.length === 0 && rows.length === 0) return null;

  return (
    <Card data-testid="order-refunds">
      <CardHeader
        variant="bare"
        className="flex flex-row flex-wrap items-center justify-between gap-3 p-5 pb-3"
      >
        <CardTitle>{t("title")}</CardTitle>
        {canAsk && paying.length > 0 ? (
          <div className="flex flex-wrap gap-2">
            {paying.map((payment) => (
              <RefundDialog
                key={payment.id}
                orderId={order.id}
                payment={payment}
                triggerLabel={
                  paying.length > 1 ? t("refundPart", { method: payment.methodLabel }) : t("refund")
                }
                onDone={onChanged}
              />
            ))}
          </div>
        ) : null}
      </CardHeader>
      <CardContent>
        {refunds.isPending ? (
          <Skeleton className="h-12 w-full" />
        ) : rows.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("none")}</p>
        ) : (
          <ul className="flex flex-col divide-y">
            {rows.map((r) => (
              <li key={r.id} className="flex flex-col gap-1.5 py-3 text-sm first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="flex items-center gap-2">
                    <Money minor={r.amountMinor} currency={r.currency} className="font-semibold" />
                    <span className="text-muted-foreground">{r.methodLabel}</span>
                  </span>
                  <RefundStatusBadge status={r.status} />
                </div>
                <p>
                  {tReason(r.reason)}
                  {r.reasonText ? ` — ${r.reasonText}` : null}
                </p>
                <p className="text-muted-foreground text-xs">
                  {t("askedAt", { at: time.dateTime(r.createdAt) })}
                  {r.succeededAt ? ` · ${t("doneAt", { at: time.dateTime(r.succeededAt) })}` : null}
                </p>
                {r.refuseReason ? (
                  <p className="text-destructive">{t("refused", { reason: r.refuseReason })}</p>
                ) : r.status === "failed" ? (
                  <p className="text-destructive">
                    {t("failed", { message: r.failureMessage ?? r.failureCode ?? "—" })}
                  </p>
                ) : null}
                {r.status !== "awaiting_approval" ? null : canDecide ? (
                  <Suspense fallback={null}>
                    <RefundDecision refund={r} />
                  </Suspense>
                ) : (
                  <p className="text-muted-foreground text-xs">{t("waitsForManager")}</p>
                )}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
