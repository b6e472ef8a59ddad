"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import {
  AlertTriangleIcon,
  BanIcon,
  CircleCheckBigIcon,
  CircleXIcon,
  LoaderCircleIcon,
  QrCodeIcon,
} from "lucide-react";
import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { lazy, Suspense, useEffect, useState } from "react";
import { toast } from "@/app/_components/toast";
import { GuideLink } from "@/app/_components/guide-link";
import { Money } from "@/app/_components/money";
import { Button } from "@/app/_components/ui/button";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { formatMinor, minorToMajorString, parseMajorToMinor } from "@/server/money/currency";
import {
  failureReasons,
  nextStepFor,
  type FailureReason,
} from "@/server/payments/failure-reasons.logic";
import type { PayLinkReach } from "@/server/payments/pay-link-origin.logic";
import type { OrderAttempt, OrderDetail, PaymentMethod } from "../../../_lib/router-types";
import { useShopTime } from "../../../_lib/use-shop-time";
import { CashDialog } from "./cash-dialog";
import { RefundDialog } from "./refund-dialog";

const isOpen = (a: OrderAttempt) => a.status === "created" || a.status === "pending";

/** The parts that paid the order (or part of it): succeeded, not flagged to refund. */
export const paidParts = (order: OrderDetail) =>
  order.attempts.filter((a) => a.status === "succeeded" && !a.isDuplicate);

/** What the order's parts have covered so far (mixed tender, 组合支付), promotion discounts included. */
export const paidSoFar = (order: OrderDetail) =>
  paidParts(order).reduce((sum, a) => sum + a.amountMinor + a.discountMinor, 0n);

/** The part typed in the amount field, or what is still due when it is left empty. */
function readPart(text: string, dueMinor: bigint, currency: string): bigint | null {
  if (!text.trim()) return dueMinor;
  try {
    const minor = parseMajorToMinor(text, currency);
    return minor > 0n && minor <= dueMinor ? minor : null;
  } catch {
    return null;
  }
}

// An open wallet request's QR code, link and countdown: fetched once the panel shows an order
// still waiting for payment, not with every order page (most are of paid orders).
const loadWalletRequest = () => import("./wallet-request");
const WalletRequest = lazy(() => loadWalletRequest().then((m) => ({ default: m.WalletRequest })));

export function reasonOf(attempt: OrderAttempt): FailureReason {
  const r = attempt.failureReason ?? (attempt.status === "expired" ? "expired" : "unknown");
  return (failureReasons as readonly string[]).includes(r) ? (r as FailureReason) : "unknown";
}

/**
 * The counter's side of an order: take a payment while it is pending (one button per method
 * that accepts the order's currency), follow an open request live, explain a failure, and
 * once paid say so unmistakably.
 */
export function PaymentPanel({
  order,
  methods,
  canTakePayments,
  payLinkReach,
  onChanged,
}: {
  order: OrderDetail;
  methods: PaymentMethod[] | undefined;
  canTakePayments: boolean;
  payLinkReach: PayLinkReach;
  onChanged: () => void;
}) {
  const t = useTranslations("orders");
  const locale = useLocale();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [partText, setPartText] = useState("");
  const pending = order.status === "pending";
  // Ready before a request is made, so its QR shows as soon as the request is answered.
  useEffect(() => {
    if (pending) void loadWalletRequest();
  }, [pending]);

  const request = useMutation(
    trpc.orders.requestPayment.mutationOptions({
      onSuccess: () => {
        setPartText("");
        onChanged();
        // The QR shows at the top of the panel; on a phone the method buttons sit below it.
        const panel = document.getElementById("take-payment");
        if (panel && panel.getBoundingClientRect().top < 0)
          panel.scrollIntoView({ behavior: "smooth", block: "start" });
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const cancelRequest = useMutation(
    trpc.orders.cancelPayment.mutationOptions({
      onSuccess: () => {
        toast.success(t("wallet.cancelled"));
        onChanged();
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );

  if (!pending) return <SettledPanel order={order} />;

  const open = order.attempts.find(isOpen);
  const last = order.attempts[0];
  const failed =
    !open && last && (last.status === "failed" || last.status === "expired") ? last : null;
  // Only methods offered now: enabled, connected and checked (never a sandbox out of place).
  const usable = (methods ?? []).filter((m) => m.offered && m.currencies.includes(order.currency));
  const busy = request.isPending || cancelRequest.isPending;
  const paid = paidSoFar(order);
  const dueMinor = order.amountMinor - paid;
  const part = readPart(partText, dueMinor, order.currency);

  return (
    <Card id="take-payment" aria-labelledby="take-payment-title" className="scroll-mt-20">
      <CardHeader>
        <CardTitle id="take-payment-title" className="text-lg">
          {t("panel.title")}
        </CardTitle>
        {!canTakePayments ? <CardDescription>{t("panel.readOnly")}</CardDescription> : null}
        {canTakePayments ? <GuideLink slug="counter-payment" className="min-h-11 w-fit" /> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-5 [&_a]:min-h-11 [&_button]:min-h-11 [&_input]:h-11">
        {paid > 0n ? <PartsSummary order={order} paidMinor={paid} dueMinor={dueMinor} /> : null}

        {open && open.methodKind !== "cash" ? (
          <Suspense fallback={null}>
            <WalletRequest
              attempt={open}
              reach={payLinkReach}
              canCancel={canTakePayments}
              cancelling={cancelRequest.isPending}
              onCancel={() => cancelRequest.mutate({ attemptId: open.id })}
            />
          </Suspense>
        ) : null}

        {failed ? <FailureNotice attempt={failed} /> : null}

        {canTakePayments ? (
          <div className="flex flex-col gap-3">
            <h3 className="text-sm font-medium">
              {open ? t("panel.switchMethod") : failed ? t("panel.retry") : t("panel.chooseMethod")}
            </h3>
            {methods === undefined ? (
              <div className="text-muted-foreground flex items-center gap-2 text-sm">
                <LoaderCircleIcon className="size-4 animate-spin" aria-hidden />
                {t("panel.loadingMethods")}
              </div>
            ) : usable.length === 0 ? (
              <p className="text-muted-foreground text-sm">
                {t("panel.noMethods", { currency: order.currency })}
              </p>
            ) : (
              <>
                <div className="flex flex-col gap-2">
                  <Label htmlFor="part-amount">{t("parts.amount")}</Label>
                  <Input
                    id="part-amount"
                    inputMode="decimal"
                    autoComplete="off"
                    className="h-12 max-w-56 text-lg md:text-lg"
                    placeholder={minorToMajorString(dueMinor, order.currency)}
                    value={partText}
                    onChange={(e) => setPartText(e.target.value)}
                    aria-invalid={part === null ? true : undefined}
                    aria-describedby="part-amount-help"
                  />
                  <p
                    id="part-amount-help"
                    className={
                      part === null ? "text-destructive text-sm" : "text-muted-foreground text-sm"
                    }
                  >
                    {part === null
                      ? t("parts.invalid", { due: formatMinor(dueMinor, order.currency, locale) })
                      : t("parts.help")}
                  </p>
                </div>
                <div className="grid gap-2 sm:grid-cols-2">
                  {usable.map((m) =>
                    m.kind === "cash" ? (
                      <CashDialog
                        key={m.id}
                        method={m}
                        orderId={order.id}
                        dueMinor={part ?? dueMinor}
                        partMinor={part !== null && part !== dueMinor ? part : undefined}
                        currency={order.currency}
                        disabled={busy || part === null}
                        onPaid={() => {
                          setPartText("");
                          onChanged();
                        }}
                      />
                    ) : (
                      <Button
                        key={m.id}
                        type="button"
                        variant={open?.methodId === m.id ? "secondary" : "outline"}
                        size="lg"
                        className="h-auto min-h-14 justify-start py-3 text-left whitespace-normal"
                        disabled={busy || part === null}
                        aria-pressed={open ? open.methodId === m.id : undefined}
                        onClick={() =>
                          part !== null &&
                          request.mutate({ orderId: order.id, methodId: m.id, amountMinor: part })
                        }
                      >
                        {request.isPending && request.variables.methodId === m.id ? (
                          <LoaderCircleIcon className="animate-spin" aria-hidden />
                        ) : (
                          <QrCodeIcon aria-hidden />
                        )}
                        {m.label}
                      </Button>
                    ),
                  )}
                </div>
              </>
            )}
          </div>
        ) : !open ? (
          <p className="text-muted-foreground text-sm">{t("panel.waiting")}</p>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** A split bill at the counter: each paid part, what is paid so far and what is still due. */
function PartsSummary({
  order,
  paidMinor,
  dueMinor,
}: {
  order: OrderDetail;
  paidMinor: bigint;
  dueMinor: bigint;
}) {
  const t = useTranslations("orders");
  return (
    <section
      aria-label={t("parts.title")}
      className="flex flex-col gap-3 rounded-lg border p-4"
      data-testid="parts-summary"
    >
      <ul className="flex flex-col gap-1 text-sm">
        {paidParts(order)
          .toReversed()
          .map((a) => (
            <li key={a.id} className="flex justify-between gap-3">
              <span>{a.methodLabel}</span>
              <Money minor={a.amountMinor} currency={a.currency} className="font-medium" />
            </li>
          ))}
      </ul>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 border-t pt-3">
        <dt className="text-muted-foreground text-sm">{t("parts.paid")}</dt>
        <dd className="text-right font-medium" data-testid="parts-paid">
          <Money minor={paidMinor} currency={order.currency} />
        </dd>
        <dt className="font-semibold">{t("parts.due")}</dt>
        <dd className="text-right text-2xl font-bold" data-testid="parts-due">
          <Money minor={dueMinor} currency={order.currency} />
        </dd>
      </dl>
    </section>
  );
}

function FailureNotice({ attempt }: { attempt: OrderAttempt }) {
  const t = useTranslations("orders");
  const reason = reasonOf(attempt);
  return (
    <div
      role="alert"
      className="flex gap-3 rounded-lg border border-rose-200 bg-rose-50 p-4 text-rose-950"
    >
      <CircleXIcon className="mt-0.5 size-5 shrink-0 text-rose-700" aria-hidden />
      <div className="flex flex-col gap-1 text-sm">
        <p className="font-semibold">
          {attempt.status === "expired"
            ? t("failure.expiredTitle", { method: attempt.methodLabel })
            : t("failure.failedTitle", { method: attempt.methodLabel })}
        </p>
        <p>{t(`failure.reasons.${reason}`)}</p>
        <p className="font-medium text-rose-900">{t(`failure.next.${nextStepFor(reason)}`)}</p>
        {attempt.failureCode || attempt.failureMessage ? (
          <p className="font-mono text-xs text-rose-900">
            {[attempt.failureCode, attempt.failureMessage].filter(Boolean).join(" · ")}
          </p>
        ) : null}
        <GuideLink slug="payment-failures" className="w-fit text-rose-900" />
      </div>
    </div>
  );
}

/** Paid, refunded, cancelled or expired: what happened, large enough to read across the counter. */
function SettledPanel({ order }: { order: OrderDetail }) {
  const t = useTranslations("orders");
  const time = useShopTime();
  const parts = paidParts(order);
  // One part: its method, fee and change as before; a split bill lists its parts below.
  const paidBy = parts.length === 1 ? parts[0] : undefined;

  if (order.status === "cancelled" || order.status === "expired") {
    return (
      <Card className="flex flex-col items-center gap-2 p-8 text-center" role="status">
        <BanIcon className="text-muted-foreground size-10" aria-hidden />
        <p className="text-2xl font-semibold">{t(`status.${order.status}`)}</p>
        <p className="text-muted-foreground text-sm">{t(`panel.closed.${order.status}`)}</p>
      </Card>
    );
  }

  return (
    <Card
      role="status"
      className="flex flex-col items-center gap-4 border-emerald-300 bg-emerald-50 p-6 text-center text-emerald-950 sm:p-8"
    >
      <CircleCheckBigIcon className="size-16 text-emerald-600" aria-hidden />
      <p className="text-4xl font-bold tracking-tight" data-testid="paid-state">
        {t(`status.${order.status}`)}
      </p>
      <Money
        minor={order.amountMinor}
        currency={order.currency}
        className="text-2xl font-semibold"
      />
      {paidBy ? (
        <dl className="grid w-full max-w-md grid-cols-2 gap-x-4 gap-y-2 text-left text-sm">
          <dt className="text-emerald-900/80">{t("paid.method")}</dt>
          <dd className="text-right font-medium">{paidBy.methodLabel}</dd>
          <dt className="text-emerald-900/80">{t("paid.fee")}</dt>
          <dd className="text-right font-medium">
            {paidBy.feeMinor !== null ? (
              <Money minor={paidBy.feeMinor} currency={paidBy.currency} />
            ) : (
              "—"
            )}
          </dd>
          {paidBy.cashTenderedMinor !== null ? (
            <>
              <dt className="text-emerald-900/80">{t("paid.tendered")}</dt>
              <dd className="text-right font-medium">
                <Money minor={paidBy.cashTenderedMinor} currency={paidBy.currency} />
              </dd>
            </>
          ) : null}
          {order.paidAt ? (
            <>
              <dt className="text-emerald-900/80">{t("paid.at")}</dt>
              <dd className="text-right font-medium">{time.dateTime(order.paidAt)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {parts.length > 1 ? (
        <ul
          className="flex w-full max-w-md flex-col gap-1 text-left text-sm"
          aria-label={t("parts.title")}
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
          <span className="font-medium">{t("paid.change")}</span>
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
  const t = useTranslations("orders");
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
              {t(
                closed
                  ? "warnings.onClosed"
                  : order.status === "pending"
                    ? "warnings.overPayment"
                    : "warnings.duplicate",
                { method: a.methodLabel },
              )}
            </p>
            {a.refundedMinor >= a.amountMinor ? (
              <p className="font-medium">{t("warnings.refundedBack")}</p>
            ) : canRefund ? (
              <RefundDialog
                orderId={order.id}
                payment={a}
                defaultReason={closed ? "order_cancelled" : "duplicate_payment"}
                triggerLabel={t("warnings.refundIt")}
                triggerVariant="default"
                onDone={onRefunded}
              />
            ) : null}
          </div>
        ))}
        {mismatches.map((a) => (
          <p key={`m-${a.id}`}>{t("warnings.mismatch", { method: a.methodLabel })}</p>
        ))}
      </div>
    </div>
  );
}
