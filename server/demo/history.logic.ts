import type { orderItems, orders, paymentAttempts, refunds } from "@/db/schema";
import type { paymentMethodKinds } from "@/db/schema/enum-values";
import type { FailureReason } from "@/server/payments/failure-reasons.logic";
import { computeFee, type FeeRule } from "@/server/payments/fee.logic";
import { tzOffset } from "@date-fns/tz";
import { addDays, localDate as merchantLocalDate } from "@/server/time/local-date.logic";

/*
 * A café's payment history, generated one order at a time in time order, as the domain
 * functions would have written it (createOrder, createAttempt, payCash, the sandbox webhook,
 * cancelOrder, expireOverdue). Pure: randomness, ids and "now" come in as inputs.
 * The numbers below are this generator's stated assumptions, not measurements.
 */

/** The order as inserted, less its number: numbers are claimed per local day when written. */
/** The number and items text are written on insert (history.ts), once the day's numbers are claimed. */
export type HistoryOrderRow = Omit<typeof orders.$inferSelect, "number" | "itemsText"> & {
  localDay: string;
};
export type HistoryItemRow = typeof orderItems.$inferSelect;
export type HistoryAttemptRow = typeof paymentAttempts.$inferSelect;
export interface HistoryOrder {
  order: HistoryOrderRow;
  items: HistoryItemRow[];
  attempts: HistoryAttemptRow[];
  /** Filled after the story, by refundHistoryOrder (history-refunds.ts). */
  refunds: (typeof refunds.$inferSelect)[];
}

export interface HistoryMethod {
  id: string;
  kind: (typeof paymentMethodKinds)[number];
  label: string;
  fee: FeeRule;
  requestTtlSeconds: number;
}

/** The failures a wallet reports, with its raw code and message (the sandbox wallet's table). */
export type WalletFailure = "insufficient_funds" | "cancelled_by_customer" | "risk_declined";
export type FailureCatalog = Record<WalletFailure, { code: string; message: string }>;

export interface HistoryInput {
  orders: number;
  days: number;
  now: Date;
  merchantId: string;
  timeZone: string;
  currency: string;
  storeIds: string[];
  /** The enabled methods; at least one. */
  methods: HistoryMethod[];
  /** Who rings orders up at the counter (staff first: they take most orders). */
  cashierIds: (string | null)[];
  failures: FailureCatalog;
  /** Shapes the history: hours, tickets, outcomes. */
  rng: Rng;
  /** Random bits of ids and pay tokens: crypto's, or the rng's for a reproducible run. */
  randomBytes: (n: number) => Buffer;
}

// ---- Randomness -------------------------------------------------------------------------

export interface Rng {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform 32-bit unsigned integer. */
  u32(): number;
}

/**
 * sfc32 seeded by cyrb128 of the seed string: small, fast, and the same sequence on every
 * machine, so `--seed-random S` reproduces a history. Not for secrets.
 */
export function seededRng(seed: string): Rng {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  let a = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  let b = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  let c = Math.imul(a ^ (h3 >>> 17), 951274213);
  let d = Math.imul(b ^ (h4 >>> 19), 2716044179);
  a ^= b ^ c ^ d;
  b ^= a;
  c ^= a;
  d ^= a;
  const u32 = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  return { u32, float: () => u32() / 4294967296 };
}

export function randomBytesFrom(rng: Rng, n: number): Buffer {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i += 4) bytes.writeUInt32BE(rng.u32(), Math.min(i, n - 4));
  return bytes;
}

/**
 * A version 7 UUID (RFC 9562): the row's own time in the first 48 bits, then 74 random bits.
 * Live rows get version 4 ids. History is written a million at a time, and with random ids
 * every primary-key and order_id index insert lands on a random page: buffer misses and
 * full-page WAL images that grow with the table (measured on a stock PostgreSQL 15, 1M
 * orders into an empty database: 209 s with v4 ids, 174 s with v7). Nothing reads the version.
 */
export function uuidV7(at: number, random: Buffer): string {
  const b = Buffer.alloc(16);
  b.writeUIntBE(at, 0, 6);
  random.copy(b, 6, 0, 10);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const between = (rng: Rng, min: number, max: number) =>
  min + Math.floor(rng.float() * (max - min + 1));
const chance = (rng: Rng, p: number) => rng.float() < p;

function pick<T>(rng: Rng, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let r = rng.float() * total;
  for (const [value, weight] of options) {
    r -= weight;
    if (r < 0) return value;
  }
  return options.at(-1)![0];
}

// ---- The café ----------------------------------------------------------------------------

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * Orders per local hour: open 07:00–21:00, a breakfast peak at 8–9, lunch at 12–13, an
 * afternoon coffee bump at 15:00, quiet evenings.
 */
export const hourWeights: readonly number[] = [
  0, 0, 0, 0, 0, 0, 0, 4, 10, 8, 5, 6, 9, 8, 5, 6, 4, 4, 3, 2, 1, 0, 0, 0,
];

/** Sunday first (getUTCDay order): weekends are the busiest, Monday the quietest. */
const weekdayWeights = [1.2, 0.85, 0.9, 0.95, 1.0, 1.1, 1.3];

type MenuItem = { name: string; priceMinor: bigint };
const drinks: MenuItem[] = [
  { name: "美式咖啡 Americano", priceMinor: 2500n },
  { name: "拿铁 Latte", priceMinor: 3000n },
  { name: "卡布奇诺 Cappuccino", priceMinor: 3000n },
  { name: "澳白 Flat White", priceMinor: 3200n },
  { name: "摩卡 Mocha", priceMinor: 3400n },
  { name: "抹茶拿铁 Matcha Latte", priceMinor: 3200n },
  { name: "冷萃咖啡 Cold Brew", priceMinor: 3000n },
  { name: "手冲咖啡 Pour-over", priceMinor: 3800n },
  { name: "柠檬红茶 Lemon Black Tea", priceMinor: 2200n },
  { name: "热巧克力 Hot Chocolate", priceMinor: 2800n },
];
const pastries: MenuItem[] = [
  { name: "牛角包 Croissant", priceMinor: 1800n },
  { name: "肉桂卷 Cinnamon Roll", priceMinor: 2200n },
  { name: "司康 Scone", priceMinor: 1800n },
  { name: "贝果 Bagel", priceMinor: 2000n },
  { name: "巴斯克芝士蛋糕 Basque Cheesecake", priceMinor: 3600n },
];
const sandwich: MenuItem = { name: "火腿芝士三明治 Ham & Cheese Sandwich", priceMinor: 3500n };

/** A ticket is at most ¥120: a bigger group order would be several tickets. */
export const maxTicketMinor = 12_000n;

/** 1–3 drinks, often a pastry, a sandwich at lunch; the same item twice is one line × 2. */
function ticket(rng: Rng, localHour: number): { item: MenuItem; quantity: number }[] {
  const chosen: MenuItem[] = [];
  const drinkCount = pick(rng, [
    [0, 3],
    [1, 70],
    [2, 21],
    [3, 6],
  ] as const);
  for (let i = 0; i < drinkCount; i++) chosen.push(drinks[between(rng, 0, drinks.length - 1)]!);
  const lunch = localHour >= 11 && localHour < 14;
  if (lunch && chance(rng, 0.4)) chosen.push(sandwich);
  const foodCount =
    chosen.length === 0
      ? 1
      : pick(rng, [
          [0, 57],
          [1, 35],
          [2, 8],
        ] as const);
  for (let i = 0; i < foodCount; i++) chosen.push(pastries[between(rng, 0, pastries.length - 1)]!);

  const lines: { item: MenuItem; quantity: number }[] = [];
  let total = 0n;
  for (const item of chosen) {
    if (total + item.priceMinor > maxTicketMinor) break;
    total += item.priceMinor;
    const line = lines.find((l) => l.item === item);
    if (line) line.quantity++;
    else lines.push({ item, quantity: 1 });
  }
  return lines;
}

/**
 * The method a customer first pays with: WeChat Pay leads, Alipay follows, cash is a small
 * share (55 / 33 / 12 with the demo's three methods). Recognised by kind, or by label for
 * the sandbox wallets that simulate them; any other method weighs 10.
 */
function methodWeight(m: HistoryMethod): number {
  if (m.kind === "cash") return 12;
  if (m.kind === "wechat_pay" || /wechat|微信/i.test(m.label)) return 55;
  if (m.kind === "alipay" || /alipay|支付宝/i.test(m.label)) return 33;
  return 10;
}

/** What happens to a wallet payment request. */
type WalletOutcome = "succeeded" | WalletFailure | "no_answer" | "switched";
const walletOutcomes: readonly (readonly [WalletOutcome, number])[] = [
  ["succeeded", 92.5],
  ["cancelled_by_customer", 2.5],
  ["insufficient_funds", 2.0],
  ["risk_declined", 0.6],
  // The customer never pays: the request expires, or the cashier gives up and cancels.
  ["no_answer", 1.4],
  // "Can I use the other one?": a new request replaces the open one (which is cancelled).
  ["switched", 1.0],
];

/** After a failure: the chance the customer tries again, and with what. */
const recovery: Record<WalletFailure, { p: number; same: number; other: number; cash: number }> = {
  // Pressed cancel by mistake or changed their mind about the card: mostly the same again.
  cancelled_by_customer: { p: 0.85, same: 0.75, other: 0.2, cash: 0.05 },
  // Tops up, or pays from the other wallet, or with cash.
  insufficient_funds: { p: 0.75, same: 0.35, other: 0.45, cash: 0.2 },
  // The same method is refused again: another method or nothing.
  risk_declined: { p: 0.7, same: 0, other: 0.7, cash: 0.3 },
};

/** Leaves without paying before any request (in store: cancelled; online: expires). */
const walkAwayRate = 0.008;
const onlineRate = 0.08;
const maxAttempts = 3;
/** expireOverdue: attempts and 24-hour-old pending orders, by a job every 15 s. */
const orderTtl = day;
const jobDelay = (rng: Rng) => between(rng, 0, 15 * second);
/** The sandbox wallet notifies 150–750 ms after the payment (sandbox-wallet.service.ts). */
const webhookDelay = (rng: Rng) => between(rng, 150, 750);

// ---- Days and times ---------------------------------------------------------------------

/**
 * The instant of local midnight, by the offset at local noon: DST changes happen at night,
 * when the café is closed, so every opening hour of the day gets the right instant.
 */
function localMidnight(localDay: string, timeZone: string): number {
  const midnightUtc = Date.parse(`${localDay}T00:00:00Z`);
  return midnightUtc - tzOffset(timeZone, new Date(midnightUtc + 12 * hour)) * minute;
}

/** The hours' weights clipped to [lo, hi) ms after midnight, as sampling segments. */
function openSegments(lo: number, hi: number) {
  const segments: { from: number; to: number; weight: number }[] = [];
  for (let h = 0; h < 24; h++) {
    const from = Math.max(lo, h * hour);
    const to = Math.min(hi, (h + 1) * hour);
    if (to > from && hourWeights[h]! > 0)
      segments.push({ from, to, weight: (hourWeights[h]! * (to - from)) / hour });
  }
  return segments;
}

interface DayPlan {
  localDay: string;
  midnight: number;
  lo: number;
  hi: number;
  count: number;
}

/**
 * The local days of the window [now − days, now] and how many orders each gets: by the
 * share of opening hours inside the window, the weekday, a café growing ~25 % over the
 * period, and ±10 % noise; rounded by largest remainder so the counts sum to `orders`.
 */
function planDays(input: HistoryInput): DayPlan[] {
  const { rng, timeZone } = input;
  const now = input.now.getTime();
  const start = now - input.days * day;
  const last = merchantLocalDate(input.now, timeZone);
  const plans: (DayPlan & { weight: number })[] = [];
  for (let d = merchantLocalDate(new Date(start), timeZone); d <= last; d = addDays(d, 1)) {
    const midnight = localMidnight(d, timeZone);
    const lo = Math.max(0, start - midnight);
    const hi = Math.min(day, now - midnight);
    const open = openSegments(lo, hi).reduce((sum, s) => sum + s.weight, 0);
    const weekday = weekdayWeights[new Date(`${d}T00:00:00Z`).getUTCDay()]!;
    const trend = 0.8 + (0.2 * (midnight - start)) / Math.max(1, now - start);
    const weight = open * weekday * trend * (0.9 + 0.2 * rng.float());
    plans.push({ localDay: d, midnight, lo, hi, count: 0, weight });
  }
  const total = plans.reduce((sum, p) => sum + p.weight, 0);
  let left = input.orders;
  for (const p of plans) {
    p.count = Math.floor((input.orders * p.weight) / total);
    left -= p.count;
  }
  const byRemainder = [...plans].sort(
    (a, b) =>
      (((input.orders * b.weight) / total) % 1) - (((input.orders * a.weight) / total) % 1) ||
      a.midnight - b.midnight,
  );
  for (let i = 0; i < left; i++) byRemainder[i % byRemainder.length]!.count++;
  return plans;
}

/** `count` instants of the day in [lo, hi), shaped by the hours' weights, in time order. */
function sampleTimes(rng: Rng, plan: DayPlan): Float64Array {
  const segments = openSegments(plan.lo, plan.hi);
  const options = segments.map((s) => [s, s.weight] as const);
  const times = new Float64Array(plan.count);
  for (let i = 0; i < plan.count; i++) {
    const s = pick(rng, options);
    times[i] = plan.midnight + s.from + Math.floor(rng.float() * (s.to - s.from));
  }
  return times.sort();
}

// ---- One order's story ------------------------------------------------------------------

/** Yields the history in time order; the caller writes it in batches as it comes. */
export function* generateHistory(input: HistoryInput): Generator<HistoryOrder> {
  if (input.methods.length === 0) throw new Error("The merchant has no enabled payment method");
  if (input.storeIds.length === 0) throw new Error("The merchant has no store");
  const story = storyTeller(input);
  for (const plan of planDays(input)) {
    for (const at of sampleTimes(input.rng, plan)) yield story(at, plan);
  }
}

function storyTeller(input: HistoryInput) {
  const { rng, now: nowDate, merchantId, currency } = input;
  const newId = (at: number) => uuidV7(at, input.randomBytes(10));
  const now = nowDate.getTime();
  const wallets = input.methods.filter((m) => m.kind !== "cash");
  const cash = input.methods.find((m) => m.kind === "cash");
  const firstChoice = input.methods.map((m) => [m, methodWeight(m)] as const);
  const onlineChoice = wallets.map((m) => [m, methodWeight(m)] as const);
  // The first store is the busiest: weights 1, 0.74, 0.59, …
  const stores = input.storeIds.map((id, i) => [id, 1 / (1 + 0.35 * i)] as const);
  const cashiers = input.cashierIds.map((id, i) => [id, i === 0 ? 3 : 1] as const);

  const otherWallet = (m: HistoryMethod) => {
    const others = wallets.filter((w) => w !== m);
    return others.length > 0 ? others[between(rng, 0, others.length - 1)]! : m;
  };

  return (createdAt: number, plan: DayPlan): HistoryOrder => {
    const online = wallets.length > 0 && chance(rng, onlineRate);
    const cashier = input.cashierIds.length > 0 ? pick(rng, cashiers) : null;
    const lines = ticket(rng, Math.floor((createdAt - plan.midnight) / hour));
    const amountMinor = lines.reduce((sum, l) => sum + l.item.priceMinor * BigInt(l.quantity), 0n);
    const order: HistoryOrderRow = {
      id: newId(createdAt),
      merchantId,
      storeId: pick(rng, stores),
      localDay: plan.localDay,
      status: "pending",
      channel: online ? "online" : "in_store",
      currency,
      amountMinor,
      customerContact: null,
      customerId: null,
      customerLocale: null,
      note: null,
      createdBy: cashier,
      paidAt: null,
      createdAt: new Date(createdAt),
      updatedAt: new Date(createdAt),
    };
    const items: HistoryItemRow[] = lines.map((l, position) => ({
      id: newId(createdAt),
      orderId: order.id,
      position,
      name: l.item.name,
      quantity: l.quantity,
      unitPriceMinor: l.item.priceMinor,
    }));
    const attempts: HistoryAttemptRow[] = [];
    const openAttempt = () => attempts.find((a) => a.status === "created");

    // Every change below happens only if its time has come: the story is cut at `now`.
    const closeOrder = (status: "cancelled" | "expired", at: number) => {
      if (at > now) return;
      Object.assign(order, { status, updatedAt: new Date(at) });
      // cancelOrder cancels the open request with the order.
      const open = openAttempt();
      if (open) Object.assign(open, { status: "cancelled", updatedAt: new Date(at) });
    };
    // Nobody acts: the open request expires, and after a day the order (expireOverdue).
    const leave = () => {
      const open = openAttempt();
      if (open) {
        const at = open.expiresAt.getTime() + jobDelay(rng);
        if (at > now) return;
        const reason: FailureReason = "expired";
        Object.assign(open, { status: "expired", failureReason: reason, updatedAt: new Date(at) });
      }
      closeOrder("expired", createdAt + orderTtl + jobDelay(rng));
    };
    const abandon = (at: number) => (online ? leave() : closeOrder("cancelled", at));
    // `seenAt`: when our database learns of it (the webhook's arrival, or at once for cash).
    const succeed = (
      attempt: HistoryAttemptRow,
      method: HistoryMethod,
      times: { at: number; seenAt: number },
      fields: Partial<HistoryAttemptRow>,
    ) => {
      const { at, seenAt } = times;
      if (seenAt > now) return;
      Object.assign(attempt, {
        ...fields,
        status: "succeeded",
        feeMinor: computeFee(attempt.amountMinor, method.fee),
        succeededAt: new Date(at),
        updatedAt: new Date(seenAt),
      });
      Object.assign(order, { status: "paid", paidAt: new Date(at), updatedAt: new Date(seenAt) });
    };

    if (chance(rng, walkAwayRate)) {
      abandon(createdAt + between(rng, 30, 180) * second);
      return { order, items, attempts, refunds: [] };
    }

    let method = online ? pick(rng, onlineChoice) : pick(rng, firstChoice);
    let next = createdAt + between(rng, 3, 25) * second;
    for (let n = 1; n <= maxAttempts && next <= now; n++) {
      // The counter asks for the first payment; an online customer retries on the pay page.
      const attempt = newAttempt(input, order, method, next, n > 1 && online ? null : cashier);
      attempts.push(attempt);
      if (method.kind === "cash") {
        // payCash: the request and its success in one transaction, a few ms apart.
        const tendered = cashTendered(rng, amountMinor);
        const at = Math.min(now, next + between(rng, 3, 20));
        succeed(
          attempt,
          method,
          { at, seenAt: at },
          { cashTenderedMinor: tendered, changeMinor: tendered - amountMinor },
        );
        break;
      }

      let outcome = pick(rng, walletOutcomes);
      if (outcome === "switched" && n === maxAttempts) outcome = "no_answer";
      if (outcome === "succeeded") {
        const at = next + between(rng, 8, 60) * second;
        const txn = providerTxnId(rng, method, at);
        succeed(attempt, method, { at, seenAt: at + webhookDelay(rng) }, { providerTxnId: txn });
        break;
      }
      if (outcome === "no_answer") {
        // At the counter the cashier usually gives up and cancels; otherwise it all expires.
        if (online || chance(rng, 0.4)) leave();
        else closeOrder("cancelled", next + between(rng, 60, 300) * second);
        break;
      }
      if (outcome === "switched") {
        // The new request cancels the open one (cancelOpenAttempts).
        next += between(rng, 10, 40) * second;
        if (next <= now) Object.assign(attempt, { status: "cancelled", updatedAt: new Date(next) });
        method = otherWallet(method);
        continue;
      }

      const seenAt = next + between(rng, 10, 45) * second + webhookDelay(rng);
      if (seenAt > now) break;
      const raw = input.failures[outcome];
      Object.assign(attempt, {
        status: "failed",
        failureCode: raw.code,
        failureMessage: raw.message,
        failureReason: outcome,
        updatedAt: new Date(seenAt),
      });
      const rule = recovery[outcome];
      const other = otherWallet(method);
      const ways = (
        [
          [method, rule.same],
          [other, other === method ? 0 : rule.other],
          [cash ?? method, cash && !online ? rule.cash : 0],
        ] as const
      ).filter(([, weight]) => weight > 0);
      const retry =
        n < maxAttempts && ways.length > 0 && chance(rng, rule.p) ? pick(rng, ways) : null;
      if (!retry) {
        abandon(seenAt + between(rng, 20, 120) * second);
        break;
      }
      method = retry;
      next = seenAt + between(rng, 5, 40) * second;
    }
    return { order, items, attempts, refunds: [] };
  };
}

function newAttempt(
  input: HistoryInput,
  order: HistoryOrderRow,
  method: HistoryMethod,
  at: number,
  createdBy: string | null,
): HistoryAttemptRow {
  return {
    id: uuidV7(at, input.randomBytes(10)),
    merchantId: order.merchantId,
    orderId: order.id,
    methodId: method.id,
    methodKind: method.kind,
    // The live shape (newPayToken): 24 random bytes, base64url.
    token: input.randomBytes(24).toString("base64url"),
    status: "created",
    amountMinor: order.amountMinor,
    // The generated history ran no promotions.
    discountMinor: 0n,
    currency: order.currency,
    feeMinor: null,
    providerTxnId: null,
    failureCode: null,
    failureMessage: null,
    failureReason: null,
    amountMismatch: false,
    isDuplicate: false,
    cashTenderedMinor: null,
    changeMinor: null,
    refundedMinor: 0n,
    expiresAt: new Date(at + method.requestTtlSeconds * second),
    succeededAt: null,
    createdBy,
    // The generated history kept no drawer shifts.
    shiftId: null,
    createdAt: new Date(at),
    updatedAt: new Date(at),
  };
}

/** Exact money, the next ¥10, or the smallest note that covers the ticket (¥20/50/100). */
function cashTendered(rng: Rng, amount: bigint): bigint {
  const r = rng.float();
  if (r < 0.35) return amount;
  if (r < 0.6) return ((amount + 999n) / 1000n) * 1000n;
  return [2000n, 5000n, 10_000n, 20_000n].find((note) => note >= amount) ?? amount;
}

/**
 * The provider's transaction id: the sandbox wallet's own shape (SBX + UTC date + 16 hex);
 * real connectors are not built yet, so their methods get the same shape with their name.
 */
function providerTxnId(rng: Rng, method: HistoryMethod, at: number): string {
  const prefix = method.kind === "sandbox" ? "SBX" : method.kind.toUpperCase().replace("_", "");
  const date = new Date(at).toISOString().slice(0, 10).replaceAll("-", "");
  const hex = (rng.u32().toString(16) + rng.u32().toString(16).padStart(8, "0"))
    .padStart(16, "0")
    .toUpperCase();
  return `${prefix}${date}${hex}`;
}
