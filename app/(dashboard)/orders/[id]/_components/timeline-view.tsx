import type { ReactNode } from "react";
import { isolated, isolatedSentence } from "@/app/_components/isolated-sentence";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { formatMinor } from "@/server/money/currency";
import { failureReasons, type FailureReason } from "@/server/payments/failure-reasons.logic";
import type { OrderDetail } from "../../../_lib/router-types";

type Values = Record<string, string | number>;

/** What the timeline says things with, from the translators of wherever it is drawn. */
export interface TimelineSay {
  t: (key: string, values?: Values) => string;
  tReason: (key: FailureReason) => string;
  locale: string;
  /** An instant in the shop's time zone, to the second. */
  precise: (at: Date) => string;
}

type Entry = OrderDetail["timeline"][number];

function field(after: unknown, name: string): string | null {
  if (after === null || typeof after !== "object") return null;
  const v = (after as Record<string, unknown>)[name];
  return typeof v === "string" || typeof v === "number" ? String(v) : null;
}

/**
 * Everything that happened to the order, oldest first, in the shop's time zone: drawn on the
 * server on the order's page (order-history.tsx), in the browser on a failure's (timeline.tsx).
 * Neither a client nor a server component by itself: whoever renders it gives it the sentences
 * of orders.timeline (`t`) and orders.failure.short (`tReason`) and the shop's clock.
 */
export function TimelineView({
  order,
  t,
  tReason,
  locale,
  precise,
}: TimelineSay & { order: OrderDetail }) {
  const methodOf = new Map(order.attempts.map((a) => [a.id, a.methodLabel]));

  const money = (minor: string | null, currency = order.currency) => {
    if (minor === null || !/^-?\d+$/.test(minor)) return "—";
    return formatMinor(BigInt(minor), currency, locale);
  };
  // "1250 CNY", as recorded for an amount mismatch.
  const recorded = (text: string | null) => {
    const m = text ? /^(-?\d+) ([A-Z]{3})$/.exec(text) : null;
    if (!m) return text ?? "—";
    try {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- both groups of the pattern always take part in a match
      return money(m[1]!, m[2]!);
    } catch {
      return text ?? "—";
    }
  };

  // The method's label and a refusal's reason are typed by people: isolated in the sentence.
  const say = (key: string, values: Record<string, string> = {}) =>
    isolatedSentence(t, key, values, ["method", "reason"]);

  function sentence(e: Entry): ReactNode {
    const attemptId = field(e.after, "attemptId");
    const method = (attemptId && methodOf.get(attemptId)) ?? field(e.after, "method") ?? "—";
    switch (e.action) {
      case "order.create":
        return say("order_create", {
          amount: money(
            field(e.after, "amountMinor"),
            field(e.after, "currency") ?? order.currency,
          ),
        });
      case "attempt.create":
        // Cash is entered and settled at once: there is no request the customer answers.
        return field(e.after, "kind") === "cash"
          ? say("attempt_create_cash", { method })
          : say("attempt_create", { method });
      case "attempt.cancel":
        return say("attempt_cancel", { method });
      case "attempt.succeed":
        return field(e.after, "tenderedMinor") !== null
          ? say("attempt_succeed_cash", {
              method,
              tendered: money(field(e.after, "tenderedMinor")),
              change: money(field(e.after, "changeMinor")),
            })
          : say("attempt_succeed", {
              method,
              amount: money(field(e.after, "amountMinor")),
              fee: money(field(e.after, "feeMinor")),
            });
      case "attempt.duplicate_success":
        return say("attempt_duplicate_success", {
          method,
          amount: money(field(e.after, "amountMinor")),
        });
      case "attempt.fail": {
        const raw = field(e.after, "reason") ?? "unknown";
        const reason = (failureReasons as readonly string[]).includes(raw)
          ? (raw as FailureReason)
          : "unknown";
        return say("attempt_fail", { method, reason: tReason(reason) });
      }
      case "attempt.expire":
        return say("attempt_expire", { method });
      case "attempt.amount_mismatch":
        return say("attempt_amount_mismatch", {
          method,
          expected: recorded(field(e.after, "expected")),
          received: recorded(field(e.after, "received")),
        });
      case "attempt.query":
        return say("attempt_query", { method });
      case "refund.request":
      case "refund.approve":
      case "refund.pending":
      case "refund.succeed":
      case "refund.refuse":
      case "refund.fail":
        return say(`${e.action.replace(".", "_")}`, {
          amount: money(
            field(e.after, "amountMinor"),
            field(e.after, "currency") ?? order.currency,
          ),
          reason: field(e.after, "refuseReason") ?? field(e.after, "message") ?? "—",
        });
      case "order.partial_refund":
        return say("order_partial_refund", {
          refunded: money(field(e.after, "refundedMinor")),
        });
      case "order.refund":
        return say("order_refund");
      case "order.paid":
        return say("order_paid");
      case "order.cancel":
        return say("order_cancel");
      case "order.expire":
        return field(e.after, "by") === "bulk_close"
          ? say("order_expire_stale")
          : say("order_expire");
      default:
        return say("other", { action: e.action });
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
      </CardHeader>
      <CardContent>
        {order.timeline.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("empty")}</p>
        ) : (
          <ol className="relative flex flex-col gap-4 border-l pl-5">
            {order.timeline.map((e) => (
              <li key={e.id} className="relative text-sm">
                <span
                  aria-hidden
                  className="bg-primary border-card absolute top-1.5 -left-[1.6rem] size-2.5 rounded-full border-2"
                />
                <p>{sentence(e)}</p>
                <p className="text-muted-foreground text-xs">
                  <time dateTime={e.at.toISOString()} className="tabular-nums">
                    {precise(e.at)}
                  </time>{" "}
                  · {e.actorName ? isolated(e.actorName) : t("system")}
                </p>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
