import { describe, expect, it } from "vitest";
import { z } from "zod";
import { minorUnits, positiveMinor } from "./minor.schema";

const firstMessage = (result: { error?: z.ZodError }) => result.error?.issues[0]?.message;

describe("positiveMinor", () => {
  it("reads decimal digits, whole numbers and bigints", () => {
    expect(positiveMinor.parse("2350")).toBe(2350n);
    expect(positiveMinor.parse(" 12 ")).toBe(12n);
    expect(positiveMinor.parse(7)).toBe(7n);
    expect(positiveMinor.parse(10n ** 15n)).toBe(10n ** 15n);
  });

  it.each(["0x10", "0b11", "0o7", "1e3", "12.5", "1_000", "", "   ", "¥12", "12abc"])(
    "refuses %j as not an amount",
    (text) => {
      expect(firstMessage(positiveMinor.safeParse(text))).toBe("invalidAmount");
    },
  );

  it("says an amount must be positive, and refuses one beyond a quadrillion", () => {
    expect(firstMessage(positiveMinor.safeParse("0"))).toBe("amountPositive");
    expect(firstMessage(positiveMinor.safeParse("-5"))).toBe("amountPositive");
    expect(firstMessage(positiveMinor.safeParse(10n ** 15n + 1n))).toBe("invalidAmount");
  });
});

describe("minorUnits", () => {
  it("keeps the range check of the schema it is given", () => {
    const atLeastZero = minorUnits(z.coerce.bigint().min(0n));
    expect(atLeastZero.parse("0")).toBe(0n);
    expect(atLeastZero.safeParse("-1").success).toBe(false);
    expect(atLeastZero.safeParse("0x10").success).toBe(false);
  });
});
