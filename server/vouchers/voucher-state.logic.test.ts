import { describe, expect, it } from "vitest";
import {
  isWithinReversalWindow,
  nextVoucherState,
  redeemability,
  remainingValueMinor,
  usesLeftAfterRefund,
  voucherStatuses,
  type VoucherEvent,
  type VoucherSnapshot,
} from "./voucher-state.logic";

const single = (status: VoucherSnapshot["status"], usesLeft: number): VoucherSnapshot => ({
  status,
  usesLeft,
  usesTotal: 1,
});

describe("voucher state machine", () => {
  // Every status × event for a single-use voucher in each consistent shape.
  const table: [VoucherSnapshot, VoucherEvent, VoucherSnapshot | null][] = [
    [single("issued", 1), "redeem", single("redeemed", 0)],
    [single("issued", 1), "void", single("void", 1)],
    [single("issued", 1), "void_unused", single("void", 1)],
    [single("issued", 1), "reverse", null],
    [single("redeemed", 0), "redeem", null],
    [single("redeemed", 0), "void", single("void", 0)],
    // A used-up voucher was handed over: only a refund voids it, never a manager's void.
    [single("redeemed", 0), "void_unused", null],
    [single("redeemed", 0), "reverse", single("issued", 1)],
    [single("void", 1), "redeem", null],
    [single("void", 0), "void", null],
    [single("void", 1), "void_unused", null],
    [single("void", 0), "reverse", null],
  ];
  it.each(table)("%o on %s → %o", (from, event, to) => {
    expect(nextVoucherState(from, event)).toEqual(to);
  });

  it("covers every status", () => {
    expect(new Set(table.map(([from]) => from.status))).toEqual(new Set(voucherStatuses));
  });

  it("decrements a multi-use voucher to zero, then refuses", () => {
    let v: VoucherSnapshot = { status: "issued", usesLeft: 5, usesTotal: 5 };
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      v = nextVoucherState(v, "redeem")!;
      seen.push(`${v.status}:${v.usesLeft}`);
    }
    expect(seen).toEqual(["issued:4", "issued:3", "issued:2", "issued:1", "redeemed:0"]);
    expect(nextVoucherState(v, "redeem")).toBeNull();
  });

  it("lets a manager void what is left of a multi-use voucher, not one used up", () => {
    const used2of5: VoucherSnapshot = { status: "issued", usesLeft: 3, usesTotal: 5 };
    expect(nextVoucherState(used2of5, "void_unused")).toEqual({ ...used2of5, status: "void" });
    const usedUp: VoucherSnapshot = { status: "redeemed", usesLeft: 0, usesTotal: 5 };
    expect(nextVoucherState(usedUp, "void_unused")).toBeNull();
    expect(nextVoucherState(usedUp, "void")).toEqual({ ...usedUp, status: "void" });
  });

  it("covers every event", () => {
    expect(new Set(table.map(([, event]) => event))).toEqual(
      new Set<VoucherEvent>(["redeem", "void", "void_unused", "reverse"]),
    );
  });

  it("gives back one use on reversal, never more than the total", () => {
    const used2of5: VoucherSnapshot = { status: "issued", usesLeft: 3, usesTotal: 5 };
    expect(nextVoucherState(used2of5, "reverse")).toEqual({ ...used2of5, usesLeft: 4 });
    expect(nextVoucherState({ ...used2of5, usesLeft: 5 }, "reverse")).toBeNull();
  });
});

describe("redeemability", () => {
  const now = new Date("2026-11-26T10:00:00Z");
  const base = { ...single("issued", 1), expiresAt: null, storeId: null };
  it.each([
    ["valid anywhere", base, "valid"],
    ["valid in its store", { ...base, storeId: "s1" }, "valid"],
    ["wrong store", { ...base, storeId: "s2" }, "wrong_store"],
    ["expired at the instant", { ...base, expiresAt: now }, "expired"],
    ["not yet expired", { ...base, expiresAt: new Date(now.getTime() + 1) }, "valid"],
    ["used", { ...base, ...single("redeemed", 0) }, "used"],
    ["void beats everything", { ...base, ...single("void", 1), expiresAt: now }, "void"],
    ["used beats expired", { ...base, ...single("redeemed", 0), expiresAt: now }, "used"],
  ] as const)("%s", (_name, v, expected) => {
    expect(redeemability(v, { now, storeId: "s1" })).toBe(expected);
  });
});

describe("remaining value", () => {
  it("is value × uses left ÷ uses total, rounded down", () => {
    expect(remainingValueMinor(1000n, 1, 1)).toBe(1000n);
    expect(remainingValueMinor(1000n, 0, 1)).toBe(0n);
    expect(remainingValueMinor(1000n, 2, 3)).toBe(666n);
    expect(remainingValueMinor(1000n, 1, 3)).toBe(333n);
    expect(remainingValueMinor(10n ** 15n, 4, 5)).toBe(8n * 10n ** 14n);
  });
});

describe("reversal window", () => {
  const at = new Date("2026-11-26T10:00:00Z");
  it("includes its last millisecond and nothing after", () => {
    expect(isWithinReversalWindow(at, new Date(at.getTime() + 10 * 60_000), 10)).toBe(true);
    expect(isWithinReversalWindow(at, new Date(at.getTime() + 10 * 60_000 + 1), 10)).toBe(false);
  });
});

describe("usesLeftAfterRefund", () => {
  const fresh = (usesTotal: number) => ({ usesTotal, usesLeft: usesTotal });
  it("keeps a single-use voucher through a partial refund, whatever its size", () => {
    expect(usesLeftAfterRefund(fresh(1), 800n, 300n)).toBe(1);
    expect(usesLeftAfterRefund(fresh(1), 800n, 799n)).toBe(1);
    expect(usesLeftAfterRefund(fresh(1), 800n, 800n)).toBe(0);
  });
  it("withdraws only the uses the refunded money wholly pays for", () => {
    expect(usesLeftAfterRefund(fresh(4), 1000n, 249n)).toBe(4);
    expect(usesLeftAfterRefund(fresh(4), 1000n, 250n)).toBe(3);
    expect(usesLeftAfterRefund(fresh(4), 1000n, 300n)).toBe(3);
    expect(usesLeftAfterRefund(fresh(4), 1000n, 999n)).toBe(1);
    expect(usesLeftAfterRefund(fresh(3), 1000n, 667n)).toBe(1);
  });
  it("counts uses already taken against what stays, never below zero", () => {
    // One of four taken; half given back pays two: one stays.
    expect(usesLeftAfterRefund({ usesTotal: 4, usesLeft: 3 }, 1000n, 500n)).toBe(1);
    // Three taken; half given back leaves two paid for: none stays.
    expect(usesLeftAfterRefund({ usesTotal: 4, usesLeft: 1 }, 1000n, 500n)).toBe(0);
    expect(usesLeftAfterRefund({ usesTotal: 4, usesLeft: 0 }, 1000n, 500n)).toBe(0);
  });
});
