import { formatMinor } from "@/server/money/currency";

/**
 * How an alert is told to a person: the numbers in its `details`, typed so the screen (and
 * the owners' e-mail) formats each in the reader's language — money from minor units and a
 * currency, instants in the shop's zone. Pure: the console (app/) and the mail renderer share it.
 *
 * A kind's words live in the `alerts` messages as `kinds.<kind>` (its title) and `explain.<kind>`,
 * whose ICU arguments are the params below. A kind with no reader of its own here is read by
 * the general rule (`readDetails`), so a new kind needs only its messages to be told in words,
 * and one with no messages yet still shows its kind and details as they are.
 */
export type AlertValue =
  | { type: "money"; minor: string; currency: string }
  | { type: "count"; value: number }
  | { type: "percent"; value: number }
  | { type: "time"; at: string }
  | { type: "text"; value: string };

export interface AlertFact {
  /** A `facts.<key>` message for a kind read here; the details' own key otherwise. */
  key: string;
  value: AlertValue;
}

export interface AlertStory {
  /** Whether the facts' keys are message keys (a kind read here) or raw detail names. */
  known: boolean;
  /** The ICU arguments of the kind's messages. */
  params: Record<string, AlertValue>;
  /** The numbers that triggered it, in the order to show them. */
  facts: AlertFact[];
}

type Details = Record<string, unknown>;

const text = (value: unknown): AlertValue => ({ type: "text", value: String(value ?? "—") });
const count = (value: unknown): AlertValue =>
  typeof value === "number" ? { type: "count", value } : text(value);
const percent = (value: unknown): AlertValue =>
  typeof value === "number" ? { type: "percent", value } : text(value);
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** "12345 CNY" — how the amount-mismatch alerts record an amount — as money; anything else as text. */
export function amountText(value: unknown): AlertValue {
  const m = typeof value === "string" ? /^(-?\d{1,20}) ([A-Z]{3})$/.exec(value.trim()) : null;
  const [, minor, currency] = m ?? [];
  return minor && currency ? { type: "money", minor, currency } : text(value);
}

function money(minor: unknown, currency: unknown): AlertValue {
  const digits = typeof minor === "number" ? String(minor) : minor;
  return typeof digits === "string" && /^-?\d{1,20}$/.test(digits) && typeof currency === "string"
    ? { type: "money", minor: digits, currency }
    : text(minor);
}

function story(params: Record<string, AlertValue>, facts: [string, AlertValue][]): AlertStory {
  return { known: true, params, facts: facts.map(([key, value]) => ({ key, value })) };
}

const readers: Record<string, (d: Details) => AlertStory> = {
  voucher_code_guessing: (d) => {
    const p = { wrongCodes: count(d.wrongCodes), windowMinutes: count(d.windowMinutes) };
    return story(p, [
      ["wrongCodes", p.wrongCodes],
      ["windowMinutes", p.windowMinutes],
      ["device", text(d.deviceId ?? "—")],
      ["address", text(d.ip ?? "—")],
    ]);
  },
  amount_mismatch: (d) => {
    // A refund's notice carries the refund's id; a payment's, the attempt's.
    const variant = typeof d.refundId === "string" ? "refund" : "payment";
    const p = {
      variant: text(variant),
      expected: amountText(d.expected),
      received: amountText(d.received),
    };
    return story(p, [
      ["expected", p.expected],
      ["received", p.received],
      [
        variant === "refund" ? "providerRefundId" : "providerTxnId",
        text(variant === "refund" ? d.providerRefundId : d.providerTxnId),
      ],
    ]);
  },
  duplicate_payment: (d) => {
    const p = { amount: money(d.amountMinor, d.currency) };
    return story(p, [["amount", p.amount]]);
  },
  payment_on_closed_order: (d) => {
    const p = { amount: money(d.amountMinor, d.currency) };
    return story(p, [["amount", p.amount]]);
  },
  over_payment: (d) => {
    const p = {
      amount: money(d.amountMinor, d.currency),
      due: money(d.dueMinor, d.currency),
      orderAmount: money(d.orderAmountMinor, d.currency),
    };
    return story(p, [
      ["amount", p.amount],
      ["due", p.due],
      ["orderAmount", p.orderAmount],
    ]);
  },
  part_paid_order_stale: (d) => {
    const p = {
      orderNumber: text(d.orderNumber),
      paid: money(d.paidMinor, d.currency),
      amount: money(d.amountMinor, d.currency),
    };
    return story(p, [
      ["paid", p.paid],
      ["amount", p.amount],
    ]);
  },
  failure_spike: (d) => {
    const hour = (d.hour ?? {}) as Details;
    const baseline = (d.baseline ?? {}) as Details;
    const p = {
      method: text(d.methodLabel),
      rate: percent(hour.rate),
      failures: count(hour.failures),
      attempts: count(hour.attempts),
      baseline: percent(baseline.rate),
      threshold: percent(d.threshold),
    };
    return story(p, [
      ["method", p.method],
      ["hourFailures", p.failures],
      ["hourAttempts", p.attempts],
      ["hourRate", p.rate],
      ["baselineRate", p.baseline],
      ["threshold", p.threshold],
      ["windowStart", { type: "time", at: String(d.windowStart) }],
      ["windowEnd", { type: "time", at: String(d.windowEnd) }],
    ]);
  },
};

/**
 * The general rule for a kind not read above: nested objects flattened (`hour.rate` →
 * `hour_rate`), `<name>Minor` beside `currency` read as money named `<name>`, ISO instants as
 * times, names ending in `rate` as shares, other numbers as counts, the rest as text.
 */
export function readDetails(details: unknown): AlertStory {
  const params: Record<string, AlertValue> = {};
  const walk = (d: Details, prefix: string) => {
    for (const [key, value] of Object.entries(d)) {
      const name = prefix ? `${prefix}_${key}` : key;
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        walk(value as Details, name);
      } else if (key.endsWith("Minor") && typeof d.currency === "string") {
        params[name.slice(0, -"Minor".length)] = money(value, d.currency);
      } else if (key === "currency" && Object.keys(d).some((k) => k.endsWith("Minor"))) {
        continue;
      } else if (typeof value === "string" && isoInstant.test(value)) {
        params[name] = { type: "time", at: value };
      } else if (typeof value === "number") {
        params[name] = /rate$/i.test(key) ? percent(value) : count(value);
      } else {
        params[name] = text(Array.isArray(value) ? value.join(", ") : value);
      }
    }
  };
  if (details !== null && typeof details === "object") walk(details as Details, "");
  return {
    known: false,
    params,
    facts: Object.entries(params).map(([key, value]) => ({ key, value })),
  };
}

/** How to tell an alert of `kind` with these `details`. */
export function tellAlert(kind: string, details: unknown): AlertStory {
  const read = Object.hasOwn(readers, kind) ? readers[kind] : undefined;
  const d = details !== null && typeof details === "object" ? (details as Details) : {};
  return read ? read(d) : readDetails(details);
}

/** Where the thing an alert is about can be seen, for those who may open it. */
export function alertEntityHref(alert: {
  kind: string;
  entityType: string;
  entityId: string | null;
}): string | null {
  if (alert.entityType === "order" && alert.entityId) return `/orders/${alert.entityId}`;
  // The code blocks a guessing alert comes with are lifted on the vouchers page.
  if (alert.kind === "voucher_code_guessing") return "/vouchers";
  if (alert.kind === "failure_spike") return "/failures";
  if (alert.entityType === "payment_method") return "/payment-methods";
  if (alert.entityType === "user") return "/team";
  return null;
}

/**
 * A value as the reader sees it: money exactly from minor units, shares as percentages,
 * instants in the shop's zone (`timeZone`), in the reader's language.
 */
export function formatAlertValue(value: AlertValue, locale: string, timeZone?: string): string {
  switch (value.type) {
    case "money":
      return formatMinor(BigInt(value.minor), value.currency, locale);
    case "count":
      return new Intl.NumberFormat(locale).format(value.value);
    case "percent":
      return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(
        value.value,
      );
    case "time": {
      const at = new Date(value.at);
      if (Number.isNaN(at.getTime())) return value.at;
      return new Intl.DateTimeFormat(locale, {
        dateStyle: "medium",
        timeStyle: "short",
        timeZone,
      }).format(at);
    }
    case "text":
      return value.value;
  }
}

/** Every param formatted, for the kind's ICU message. */
export function formatAlertParams(
  params: Record<string, AlertValue>,
  locale: string,
  timeZone?: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, formatAlertValue(v, locale, timeZone)]),
  );
}
