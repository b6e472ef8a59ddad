"use client";

import { CircleCheckIcon, ClockIcon } from "lucide-react";
import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { MoneyText } from "@/app/_components/money-text";
import { useCustomerLocale, useCustomerTranslations } from "@/app/_i18n/customer-intl";
import { usePayMutation, usePayWatch } from "@/app/_trpc/pay-client";
import { clockSkew, formatCountdown } from "../_lib/format";
import { payState, statusKey, type PayState, type PayView as View } from "../_lib/pay-state";
import { ClosedNotice } from "./closed-notice";
import { FailurePanel } from "./failure-panel";
import { OpenActions } from "./open-actions";
import { ReceiptDetails } from "./receipt";
import { Row } from "./row";

// The card form's code is fetched only by a card request's page (which the server renders
// with the form, hydrated once the code is in): a wallet's or the sandbox's page never
// fetches it. React's lazy rather than next/dynamic, whose own script (2.5 KB gzip) is more
// than a phone should pay for it.
const StripeCard = lazy(() => import("./stripe-card").then((m) => ({ default: m.StripeCard })));

/** The server's clock, ticking in the browser (corrected only when the phone's clock is far off). */
function useServerClock(serverNow: number): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const skew = clockSkew(serverNow, Date.now());
    const tick = () => setNow(Date.now() + skew);
    const first = setTimeout(tick, 0);
    const every = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(every);
    };
  }, [serverNow]);
  return now;
}

/**
 * The customer's pay page: the order, its amount and a live status. The view arrives with
 * the page; the subscription sends it again whenever the order changes (a wallet answer,
 * an expiry, the cashier cancelling), so the page never needs a reload.
 */
/**
 * Back from the provider's own page (PayPal adds `PayerID` to our return URL once the
 * buyer approved): ask the provider now, so the approved order is captured and the page
 * turns paid without waiting for the background query. The answer arrives by `watch`.
 */
function useCheckOnReturn(token: string) {
  const { mutate } = usePayMutation("pay.checkPayment");
  useEffect(() => {
    if (new URLSearchParams(window.location.search).has("PayerID")) mutate({ token });
  }, [mutate, token]);
}

export function PayView({ initial, serverNow }: { initial: View; serverNow: number }) {
  const t = useCustomerTranslations("pay");
  const locale = useCustomerLocale();
  const token = initial.token;
  const [view, setView] = useState(initial);
  const live = usePayWatch(token, setView);
  useCheckOnReturn(token);
  const now = useServerClock(serverNow);
  // The card form was confirmed in the browser: "confirming" until the server has Stripe's word.
  const [cardConfirming, setCardConfirming] = useState(false);
  const confirmCard = useCallback(() => setCardConfirming(true), []);
  const actual = payState(view, now);
  const state: PayState =
    cardConfirming && actual.kind === "open" ? { kind: "open", waiting: "pending" } : actual;

  const paid = state.kind === "paid";

  // One card whose parts change with the state; the status line keeps its place, so a
  // screen reader announces each change of it.
  return (
    <article
      aria-labelledby={paid ? "receipt-heading" : undefined}
      className="bg-card overflow-hidden rounded-2xl border shadow-sm print:rounded-none print:border-0 print:shadow-none"
    >
      <div className="flex flex-col items-center gap-1 px-5 pt-6 pb-5 text-center">
        {paid ? (
          <>
            <CircleCheckIcon aria-hidden className="text-success mb-1 size-12" />
            <h2 id="receipt-heading" className="text-xl font-semibold">
              {t("receipt.heading")}
            </h2>
          </>
        ) : (
          <p className="text-muted-foreground text-sm">
            {t(state.kind === "closed" ? "orderAmount" : "amountDue")}
          </p>
        )}
        <MoneyText
          locale={locale}
          minor={view.amountMinor}
          currency={view.currency}
          className="max-w-full text-4xl font-semibold tracking-tight [overflow-wrap:anywhere]"
        />
        {view.discountMinor > 0n ? (
          <p className="text-muted-foreground text-sm" data-testid="promotion-discount">
            {t("original")}{" "}
            <MoneyText
              minor={view.amountMinor + view.discountMinor}
              currency={view.currency}
              locale={locale}
            />{" "}
            · {t("promotion")} −
            <MoneyText minor={view.discountMinor} currency={view.currency} locale={locale} />
          </p>
        ) : view.orderAmountMinor !== view.amountMinor ? (
          <p className="text-muted-foreground text-sm" data-testid="part-of-order">
            {t("partOf")}{" "}
            <MoneyText minor={view.orderAmountMinor} currency={view.currency} locale={locale} />
          </p>
        ) : null}
        <StatusLine state={state} />
        {state.kind === "open" ? <Countdown remainingMs={view.expiresAt.getTime() - now} /> : null}
      </div>

      {state.kind === "paid" ? (
        <ReceiptDetails view={view} state={state} />
      ) : (
        <>
          <dl className="border-t px-5 py-3 text-sm">
            <Row label={t("orderNumber")}>
              <span className="font-mono">{view.orderNumber}</span>
            </Row>
            <Row label={t("method")}>{view.methodLabel}</Row>
          </dl>
          <div className="border-t px-5 py-5">
            {state.kind === "open" && view.methodKind === "stripe" ? (
              <Suspense>
                <StripeCard view={view} confirming={cardConfirming} onConfirming={confirmCard} />
              </Suspense>
            ) : state.kind === "open" ? (
              <OpenActions
                token={token}
                kind={view.methodKind}
                methodLabel={view.methodLabel}
                providerQr={view.providerQr}
                providerUrl={view.providerUrl}
              />
            ) : state.kind === "failed" ? (
              <FailurePanel token={token} view={view} state={state} />
            ) : (
              <ClosedNotice why={state.why} />
            )}
          </div>
        </>
      )}

      {live === "error" && !paid ? (
        <p className="bg-muted text-muted-foreground px-5 py-3 text-center text-xs print:hidden">
          {t("liveLost")}
        </p>
      ) : state.kind === "open" ? (
        <p className="bg-muted/60 text-muted-foreground px-5 py-3 text-center text-xs print:hidden">
          {t("liveHint")}
        </p>
      ) : null}
    </article>
  );
}

function StatusLine({ state }: { state: PayState }) {
  const t = useCustomerTranslations("pay.status");
  const tone =
    state.kind === "open" || state.kind === "paid"
      ? "bg-primary/10 text-primary"
      : state.kind === "failed"
        ? "bg-destructive/10 text-destructive"
        : "bg-muted text-foreground";
  return (
    <p
      role="status"
      className={`mt-3 inline-flex items-center gap-2 rounded-full px-3 py-1 text-sm font-medium ${tone}`}
    >
      <span
        aria-hidden
        className={
          state.kind === "open"
            ? "size-2 rounded-full bg-current motion-safe:animate-pulse"
            : "size-2 rounded-full bg-current"
        }
      />
      {t(statusKey(state))}
    </p>
  );
}

function Countdown({ remainingMs }: { remainingMs: number }) {
  const t = useCustomerTranslations("pay");
  // Not a live region: a screen reader announcing every second would drown the page.
  return (
    <p className="text-muted-foreground mt-2 inline-flex items-center gap-1.5 text-sm tabular-nums">
      <ClockIcon aria-hidden className="size-4" />
      {t("timeLeft", { time: formatCountdown(remainingMs) })}
    </p>
  );
}
