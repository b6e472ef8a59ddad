import { describe, expect, it } from "vitest";
import { expectDomainError } from "@/test/expect";
import { partAmount, partOutcome } from "./parts.logic";

const order = { status: "pending" as const, amountMinor: 1000n, currency: "CNY" };

describe("mixed tender rules", () => {
  it.each([
    [0n, 400n, "partial"],
    [600n, 400n, "covers"],
    [0n, 1000n, "covers"],
    [600n, 401n, "over_payment"],
  ] as const)("paid %s, a part of %s → %s", (paid, part, outcome) => {
    expect(partOutcome(order, paid, part)).toBe(outcome);
  });

  it("a success on a paid order is a duplicate; on a closed one, a late payment", () => {
    expect(partOutcome({ ...order, status: "paid" }, 1000n, 1n)).toBe("duplicate");
    expect(partOutcome({ ...order, status: "expired" }, 0n, 1000n)).toBe("closed");
    expect(partOutcome({ ...order, status: "cancelled" }, 0n, 1000n)).toBe("closed");
  });

  it("a new part defaults to what is still due and never exceeds it", async () => {
    expect(partAmount(order, 300n, undefined)).toBe(700n);
    expect(partAmount(order, 300n, 700n)).toBe(700n);
    await expectDomainError(
      Promise.resolve().then(() => partAmount(order, 300n, 701n)),
      "VALIDATION",
      "partExceedsDue",
    );
    await expectDomainError(
      Promise.resolve().then(() => partAmount(order, 1000n, undefined)),
      "VALIDATION",
      "partExceedsDue",
    );
  });
});
