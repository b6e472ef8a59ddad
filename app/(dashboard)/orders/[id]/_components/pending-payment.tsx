"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { CircleXIcon, LoaderCircleIcon, QrCodeIcon } from "lucide-react";
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
import { nextStepFor } from "@/server/payments/failure-reasons.logic";
import type { PayLinkReach } from "@/server/payments/pay-link-origin.logic";
import type { MethodChoice, OrderAttempt, OrderDetail } from "../../../_lib/router-types";
import { CashDialog } from "./cash-dialog";
import { paidParts, paidSoFar, reasonOf } from "./order-payments";

const isOpen = (a: OrderAttempt) => a.status === "created" || a.status === "pending";

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

/**
 * The counter's side of a pending order: take a payment (one button per method that accepts
 * the order's currency), follow an open request live, explain a failure.
 */
export function PendingPayment({
  order,
  methods,
  canTakePayments,
  payLinkReach,
  onChanged,
}: {
  order: OrderDetail;
  methods: MethodChoice[] | undefined;
  canTakePayments: boolean;
  payLinkReach: PayLinkReach;
  onChanged: () => void;
}) {
  const t = useTranslations("orders.panel");
  const tParts = useTranslations("orders.parts");
  const tWallet = useTranslations("orders.wallet");
  const locale = useLocale();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [partText, setPartText] = useState("");
  // Ready before a request is made, so its QR shows as soon as the request is answered.
  useEffect(() => {
    void loadWalletRequest();
  }, []);

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
        toast.success(tWallet("cancelled"));
        onChanged();
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );

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
        <CardTitle id="take-payment-title" size="lg">
          {t("title")}
        </CardTitle>
        {!canTakePayments ? <CardDescription>{t("readOnly")}</CardDescription> : null}
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
              {open ? t("switchMethod") : failed ? t("retry") : t("chooseMethod")}
            </h3>
            {methods === undefined ? (
              <div className="text-muted-foreground flex items-center gap-2 text-sm">
                <LoaderCircleIcon className="size-4 animate-spin" aria-hidden />
                {t("loadingMethods")}
              </div>
            ) : usable.length === 0 ? (
              <p className="text-muted-foreground text-sm">
                {t("noMethods", { currency: order.currency })}
              </p>
            ) : (
              <>
                <div className="flex flex-col gap-2">
                  <Label htmlFor="part-amount">{tParts("amount")}</Label>
                  <Input
                    id="part-amount"
                    inputMode="decimal"
                    autoComplete="off"
                    variant="bare"
                    className="h-12 w-full max-w-56 text-lg md:text-lg"
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
                      ? tParts("invalid", { due: formatMinor(dueMinor, order.currency, locale) })
                      : tParts("help")}
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
                        size="tile"
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
          <p className="text-muted-foreground text-sm">{t("waiting")}</p>
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
  const t = useTranslations("orders.parts");
  return (
    <section
      aria-label={t("title")}
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
        <dt className="text-muted-foreground text-sm">{t("paid")}</dt>
        <dd className="text-right font-medium" data-testid="parts-paid">
          <Money minor={paidMinor} currency={order.currency} />
        </dd>
        <dt className="font-semibold">{t("due")}</dt>
        <dd className="text-right text-2xl font-bold" data-testid="parts-due">
          <Money minor={dueMinor} currency={order.currency} />
        </dd>
      </dl>
    </section>
  );
}

function FailureNotice({ attempt }: { attempt: OrderAttempt }) {
  const t = useTranslations("orders.failure");
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
            ? t("expiredTitle", { method: attempt.methodLabel })
            : t("failedTitle", { method: attempt.methodLabel })}
        </p>
        <p>{t(`reasons.${reason}`)}</p>
        <p className="font-medium text-rose-900">{t(`next.${nextStepFor(reason)}`)}</p>
        {attempt.failureCode || attempt.failureMessage ? (
          <p className="font-mono text-xs text-rose-900">
            {[attempt.failureCode, attempt.failureMessage].filter(Boolean).join(" · ")}
          </p>
        ) : null}
        <GuideLink slug="payment-failures" variant="plain" className="w-fit text-rose-900" />
      </div>
    </div>
  );
}
