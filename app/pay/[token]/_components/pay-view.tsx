import { CircleCheckIcon, ClockIcon } from "@/app/_components/server-icons";
import { getLocale, getTranslations } from "next-intl/server";
import { MoneyText } from "@/app/_components/money-text";
import { payState, statusKey, type PayState, type PayView as View } from "../_lib/pay-state";
import { ClosedNotice } from "./closed-notice";
import { CountdownText } from "./countdown";
import { FailurePanel } from "./failure-panel";
import { StripeCard } from "./lazy-parts";
import { OpenActions } from "./open-actions";
import { LiveNote, StatusText } from "./pay-live";
import { ReceiptDetails } from "./receipt";
import { Row } from "./row";

/** Stands for a value in a sentence the browser completes (the countdown's clock). */
const slot = "\uE000";

/**
 * The customer's pay page: the order, its amount and its status, rendered by the server for
 * the view and clock of `now` (the server's). PayLive, around it, fetches it again whenever
 * the order changes, so the page never needs a reload; the countdown ticks in the browser.
 */
export async function PayView({ view, now }: { view: View; now: number }) {
  const t = await getTranslations("pay");
  const locale = await getLocale();
  const state = payState(view, now);
  const paid = state.kind === "paid";
  const [before = "", after = ""] = t("timeLeft", { time: slot }).split(slot);

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
        <p role="status" className={statusClass(state)}>
          <span
            aria-hidden
            className={
              state.kind === "open"
                ? "size-2 rounded-full bg-current motion-safe:animate-pulse"
                : "size-2 rounded-full bg-current"
            }
          />
          <StatusText
            text={t(`status.${statusKey(state)}`)}
            confirming={
              state.kind === "open" && view.methodKind === "stripe"
                ? t("status.confirming")
                : undefined
            }
          />
        </p>
        {state.kind === "open" ? (
          // Not a live region: a screen reader announcing every second would drown the page.
          <p className="text-muted-foreground mt-2 inline-flex items-center gap-1.5 text-sm tabular-nums">
            <ClockIcon aria-hidden className="size-4" />
            <CountdownText
              expiresAt={view.expiresAt.getTime()}
              serverNow={now}
              label={[before, after]}
            />
          </p>
        ) : null}
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
              <StripeCard
                token={view.token}
                locale={locale}
                texts={{
                  formLabel: t("card.formLabel"),
                  loading: t("card.loading"),
                  pay: t("card.pay"),
                  fillIn: t("card.fillIn"),
                  notConfirmed: t("card.notConfirmed"),
                  confirmingHint: t("card.confirmingHint"),
                }}
                unavailable={
                  <FailurePanel
                    view={view}
                    state={{
                      cause: "card_form_unavailable",
                      nextStep: "other_method",
                      canRetry: view.alternatives.some((a) => a.id === view.methodId),
                      retryFirst: false,
                      others: view.alternatives.filter((a) => a.id !== view.methodId),
                    }}
                  />
                }
              />
            ) : state.kind === "open" ? (
              <OpenActions
                token={view.token}
                kind={view.methodKind}
                methodLabel={view.methodLabel}
                providerQr={view.providerQr}
                providerUrl={view.providerUrl}
              />
            ) : state.kind === "failed" ? (
              <FailurePanel view={view} state={state} />
            ) : (
              <ClosedNotice why={state.why} />
            )}
          </div>
        </>
      )}

      <LiveNote
        lost={paid ? null : t("liveLost")}
        hint={state.kind === "open" ? t("liveHint") : null}
      />
    </article>
  );
}

function statusClass(state: PayState) {
  const tone =
    state.kind === "open" || state.kind === "paid"
      ? "bg-primary/10 text-primary"
      : state.kind === "failed"
        ? "bg-destructive/10 text-destructive"
        : "bg-muted text-foreground";
  return `mt-3 inline-flex items-center gap-2 rounded-full px-3 py-1 text-sm font-medium ${tone}`;
}
