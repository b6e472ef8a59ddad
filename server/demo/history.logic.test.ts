import { describe, expect, it } from "vitest";
import { computeFee } from "@/server/payments/fee.logic";
import { localDate as merchantLocalDate } from "@/server/time/local-date.logic";
import { canTransitionAttempt } from "@/server/payments/state.logic";
import {
  generateHistory,
  hourWeights,
  maxTicketMinor,
  randomBytesFrom,
  seededRng,
  uuidV7,
  type HistoryInput,
  type HistoryMethod,
  type HistoryOrder,
} from "./history.logic";

const fee = (rateBps: number) => ({ rateBps, fixedMinor: 0n, minMinor: null, maxMinor: null });
const cash: HistoryMethod = {
  id: "cash",
  kind: "cash",
  label: "现金 Cash",
  fee: fee(0),
  requestTtlSeconds: 900,
};
const alipay: HistoryMethod = {
  id: "alipay",
  kind: "sandbox",
  label: "模拟支付宝 Simulated Alipay",
  fee: fee(60),
  requestTtlSeconds: 900,
};
const wechat: HistoryMethod = {
  id: "wechat",
  kind: "sandbox",
  label: "模拟微信支付 Simulated WeChat Pay",
  fee: fee(60),
  requestTtlSeconds: 900,
};
const failures = {
  insufficient_funds: { code: "INSUFFICIENT_BALANCE", message: "Balance is not enough" },
  cancelled_by_customer: { code: "USER_CANCELLED", message: "The payer cancelled" },
  risk_declined: { code: "RISK_DECLINED", message: "Declined by risk control" },
};
// 12:00 in Shanghai.
const now = new Date("2026-03-10T04:00:00.000Z");
const dayMs = 86_400_000;

function history(overrides: Partial<HistoryInput> & { seed?: string } = {}): HistoryOrder[] {
  const rng = seededRng(overrides.seed ?? "test");
  return [
    ...generateHistory({
      orders: 2000,
      days: 30,
      now,
      merchantId: "m",
      timeZone: "Asia/Shanghai",
      currency: "CNY",
      storeIds: ["store-a", "store-b"],
      methods: [cash, alipay, wechat],
      cashierIds: ["staff", "manager"],
      failures,
      rng,
      randomBytes: (n) => randomBytesFrom(rng, n),
      ...overrides,
    }),
  ];
}

const sample = history({ orders: 12_000, days: 90 });
const attempts = sample.flatMap((h) => h.attempts);
const share = (part: number, whole: number) => part / whole;
const shanghaiHour = (d: Date) => (d.getUTCHours() + 8) % 24;

describe("generateHistory", () => {
  it("makes exactly the orders asked for, in time order, inside the window", () => {
    expect(sample).toHaveLength(12_000);
    const times = sample.map((h) => h.order.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(now.getTime() - 90 * dayMs);
    expect(times.at(-1)).toBeLessThanOrEqual(now.getTime());
  });

  it("is reproducible from its seed, ids and tokens included, and differs by seed", () => {
    const a = history({ seed: "s1", orders: 300 });
    expect(history({ seed: "s1", orders: 300 })).toEqual(a);
    expect(history({ seed: "s2", orders: 300 })[0]!.order.id).not.toBe(a[0]!.order.id);
  });

  it("dates each order by the merchant's local day, also in a zone with summer time", () => {
    for (const h of sample) {
      expect(h.order.localDay).toBe(merchantLocalDate(h.order.createdAt, "Asia/Shanghai"));
    }
    // 1 March to 15 April 2026 spans New York's change to summer time on 8 March.
    const ny = history({
      timeZone: "America/New_York",
      now: new Date("2026-04-15T16:00:00Z"),
      days: 45,
    });
    const hours = new Set<number>();
    for (const h of ny) {
      expect(h.order.localDay).toBe(merchantLocalDate(h.order.createdAt, "America/New_York"));
      const local = new Intl.DateTimeFormat("en-US", {
        timeZone: "America/New_York",
        hour: "numeric",
        hourCycle: "h23",
      }).format(h.order.createdAt);
      hours.add(Number(local));
    }
    expect(Math.min(...hours)).toBeGreaterThanOrEqual(7);
    expect(Math.max(...hours)).toBeLessThanOrEqual(20);
  });

  it("keeps café hours with breakfast and lunch peaks", () => {
    const perHour = new Array<number>(24).fill(0);
    for (const h of sample) perHour[shanghaiHour(h.order.createdAt)]!++;
    hourWeights.forEach((weight, hour) => {
      if (weight === 0) expect(perHour[hour]).toBe(0);
    });
    // 8:00 and 12:00 are busier than mid-morning and evening.
    expect(perHour[8]!).toBeGreaterThan(1.5 * perHour[10]!);
    expect(perHour[12]!).toBeGreaterThan(1.5 * perHour[14]!);
    expect(perHour[8]!).toBeGreaterThan(3 * perHour[19]!);
  });

  it("rings up café tickets from the menu, ¥18 to ¥120, items adding up to the amount", () => {
    for (const { order, items } of sample) {
      expect(items.length).toBeGreaterThan(0);
      expect(items.map((i) => i.position)).toEqual(items.map((_, i) => i));
      const total = items.reduce((sum, i) => sum + i.unitPriceMinor * BigInt(i.quantity), 0n);
      expect(order.amountMinor).toBe(total);
      expect(total).toBeGreaterThanOrEqual(1800n);
      expect(total).toBeLessThanOrEqual(maxTicketMinor);
    }
    // Chinese name, then English: "拿铁 Latte".
    const names = new Set(sample.flatMap((h) => h.items.map((i) => i.name)));
    for (const name of names) expect(name).toMatch(/^\p{Script=Han}+ [A-Z]/u);
  });

  it("uses both stores, the first busier, and wallets far more than cash", () => {
    const storeA = sample.filter((h) => h.order.storeId === "store-a").length;
    expect(share(storeA, sample.length)).toBeGreaterThan(0.52);
    expect(share(storeA, sample.length)).toBeLessThan(0.65);
    const first = sample.filter((h) => h.attempts.length > 0).map((h) => h.attempts[0]!.methodId);
    const firstShare = (id: string) => share(first.filter((m) => m === id).length, first.length);
    expect(firstShare("cash")).toBeGreaterThan(0.08);
    expect(firstShare("cash")).toBeLessThan(0.15);
    expect(firstShare("wechat")).toBeGreaterThan(firstShare("alipay"));
    expect(firstShare("alipay")).toBeGreaterThan(firstShare("cash"));
  });

  it("fails some wallet payments with a reason and its raw code, and most failures recover", () => {
    const failed = attempts.filter((a) => a.status === "failed");
    expect(share(failed.length, attempts.length)).toBeGreaterThan(0.03);
    expect(share(failed.length, attempts.length)).toBeLessThan(0.09);
    for (const a of failed) {
      const reason = a.failureReason as keyof typeof failures;
      expect(failures[reason]).toEqual({ code: a.failureCode, message: a.failureMessage });
      expect(a.methodKind).not.toBe("cash");
    }
    const withFailure = sample.filter((h) => h.attempts.some((a) => a.status === "failed"));
    const recovered = withFailure.filter((h) => h.order.status === "paid");
    expect(share(recovered.length, withFailure.length)).toBeGreaterThan(0.6);
    // Some recover with another method, not only by retrying the same one.
    expect(recovered.some((h) => new Set(h.attempts.map((a) => a.methodId)).size > 1)).toBe(true);
  });

  it("closes some orders unpaid: cancelled at the counter, expired after a day", () => {
    const status = (s: string) => sample.filter((h) => h.order.status === s).length;
    expect(share(status("paid"), sample.length)).toBeGreaterThan(0.94);
    expect(status("cancelled")).toBeGreaterThan(0);
    expect(status("expired")).toBeGreaterThan(0);
    expect(share(status("cancelled") + status("expired"), sample.length)).toBeLessThan(0.05);
  });

  it("leaves every order as the domain functions would", () => {
    for (const { order, attempts: tries } of sample) {
      const succeeded = tries.filter((a) => a.status === "succeeded");
      expect(succeeded.length).toBeLessThanOrEqual(1);
      expect(tries.length).toBeLessThanOrEqual(3);
      // At most one open request, and only the last one.
      expect(tries.slice(0, -1).every((a) => a.status !== "created")).toBe(true);
      for (const a of tries) {
        expect(canTransitionAttempt("created", a.status) || a.status === "created").toBe(true);
        expect(a.orderId).toBe(order.id);
        expect(a.amountMinor).toBe(order.amountMinor);
        expect(a.expiresAt.getTime() - a.createdAt.getTime()).toBe(900_000);
        expect(a.createdAt.getTime()).toBeGreaterThanOrEqual(order.createdAt.getTime());
        expect(a.updatedAt.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(a.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
        if (a.status === "expired") expect(a.failureReason).toBe("expired");
        if (a.status === "cancelled") expect(a.failureReason).toBeNull();
      }
      if (order.status === "paid") {
        const paid = succeeded[0]!;
        expect(order.paidAt).toEqual(paid.succeededAt);
        expect(paid.feeMinor).toBe(
          computeFee(paid.amountMinor, paid.methodId === "cash" ? cash.fee : alipay.fee),
        );
        if (paid.methodKind === "cash") {
          expect(paid.providerTxnId).toBeNull();
          expect(paid.cashTenderedMinor! - paid.changeMinor!).toBe(order.amountMinor);
        } else {
          expect(paid.providerTxnId).toMatch(/^SBX\d{8}[0-9A-F]{16}$/);
          expect(paid.cashTenderedMinor).toBeNull();
        }
      } else {
        expect(succeeded).toEqual([]);
        expect(order.paidAt).toBeNull();
      }
      if (order.status === "expired") {
        expect(order.updatedAt.getTime() - order.createdAt.getTime()).toBeGreaterThanOrEqual(dayMs);
      }
      // Only the last day can still be waiting for payment.
      if (order.status === "pending") {
        expect(now.getTime() - order.createdAt.getTime()).toBeLessThan(dayMs + 60_000);
      }
      if (order.channel === "online")
        expect(tries.every((a) => a.methodKind !== "cash")).toBe(true);
    }
  });

  it("puts the row's time in its version 7 id", () => {
    for (const { order, items } of sample.slice(0, 50)) {
      for (const id of [order.id, ...items.map((i) => i.id)]) {
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(parseInt(id.replaceAll("-", "").slice(0, 12), 16)).toBe(order.createdAt.getTime());
      }
    }
    expect(uuidV7(0x0123456789ab, Buffer.alloc(10, 0xff))).toBe(
      "01234567-89ab-7fff-bfff-ffffffffffff",
    );
  });

  it("fills a one-day window even before opening time, and works with wallets only", () => {
    const early = history({ orders: 50, days: 1, now: new Date("2026-03-10T21:30:00Z") });
    expect(early).toHaveLength(50);
    const walletsOnly = history({ orders: 500, methods: [alipay] });
    expect(walletsOnly.flatMap((h) => h.attempts).every((a) => a.methodId === "alipay")).toBe(true);
  });

  it("refuses a merchant without a method or a store", () => {
    expect(() => history({ methods: [] })).toThrow(/payment method/);
    expect(() => history({ storeIds: [] })).toThrow(/store/);
  });
});
