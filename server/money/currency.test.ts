import { describe, expect, it } from "vitest";
import { DomainError } from "@/server/errors";
import { formatMinor, minorDigits, minorToMajorString, parseMajorToMinor } from "./currency";

/** Catches the thrown DomainError so a test can look at its key and details. */
function failure(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError, nothing was thrown");
}

describe("minorDigits", () => {
  // Written from ISO 4217 list one, not from Intl: a Node/ICU upgrade that moves any of
  // these would change what stored amounts mean.
  const iso: Record<string, number> = {
    CNY: 2,
    USD: 2,
    EUR: 2,
    HKD: 2,
    TWD: 2,
    GBP: 2,
    JPY: 0,
    KRW: 0,
    VND: 0,
    CLP: 0,
    ISK: 0,
    XOF: 0,
    BHD: 3,
    KWD: 3,
    JOD: 3,
    OMR: 3,
    TND: 3,
    LYD: 3,
    IQD: 3,
    CLF: 4,
    UYW: 4,
    // Where CLDR displays 0 digits but ISO accounts in 2.
    IDR: 2,
    HUF: 2,
    PKR: 2,
    COP: 2,
    RSD: 2,
  };

  it.each(Object.entries(iso))("%s has %i minor digits", (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });

  it.each(["cny", "CN", "CNYY", "ZZZ", "", "XAU", "XXX", "XDR"])(
    "refuses %j as a currency",
    (currency) => {
      const error = failure(() => minorDigits(currency));
      expect(error.code).toBe("VALIDATION");
      expect(error.messageKey).toBe("invalidCurrency");
    },
  );
});

describe("parseMajorToMinor", () => {
  it.each([
    ["12.5", "CNY", 1250n],
    ["12.50", "CNY", 1250n],
    ["12", "CNY", 1200n],
    ["12.", "CNY", 1200n],
    [".5", "CNY", 50n],
    ["0.01", "CNY", 1n],
    ["0", "CNY", 0n],
    ["007.10", "CNY", 710n],
    ["1,234.5", "CNY", 123450n],
    ["1,234,567.89", "USD", 123456789n],
    ["  8.88 ", "CNY", 888n],
    ["1234", "JPY", 1234n],
    ["1,200.00", "JPY", 1200n],
    ["12.345", "KWD", 12345n],
    ["0.5", "KWD", 500n],
    ["12.50", "IDR", 1250n],
  ] as const)("reads %j %s as %s minor units", (input, currency, expected) => {
    expect(parseMajorToMinor(input, currency)).toBe(expected);
  });

  it.each([
    ["１２.５", 1250n],
    ["１２．５０", 1250n],
    ["１，２３４．５", 123450n],
    ["12。5", 1250n],
    ["\u300012.50\u3000", 1250n],
  ])("reads Chinese-keyboard input %j", (input, expected) => {
    expect(parseMajorToMinor(input, "CNY")).toBe(expected);
  });

  it.each([
    ["¥12.50", "CNY"],
    ["￥12.50", "CNY"],
    ["¥ 12.50", "CNY"],
    ["CN¥12.50", "CNY"],
    ["CNY 12.50", "CNY"],
    ["cny12.50", "CNY"],
    ["RMB 12.50", "CNY"],
    ["12.50元", "CNY"],
    ["12.50 CNY", "CNY"],
    ["$12.50", "USD"],
    ["US$12.50", "USD"],
    ["€12.50", "EUR"],
  ])("accepts the currency's own symbol or code in %j", (input, currency) => {
    expect(parseMajorToMinor(input, currency)).toBe(1250n);
  });

  it.each([
    ["abc", "format"],
    ["", "format"],
    ["   ", "format"],
    [".", "format"],
    ["¥", "format"],
    ["12.5.0", "format"],
    ["1e3", "format"],
    ["Infinity", "format"],
    ["0x10", "format"],
    ["12abc", "format"],
    ["+12", "format"],
    ["1 234", "format"],
    // A European decimal comma must not silently become a hundredfold amount.
    ["12,50", "format"],
    ["0,125", "format"],
    ["1,23,456", "format"],
    [",123", "format"],
    ["1,234,", "format"],
    // Another currency's symbol in a yuan field is a mistake, not a yuan amount.
    ["$12.50", "format"],
    ["€12", "format"],
    ["-12.50", "negative"],
    ["−12.50", "negative"],
    ["－１２", "negative"],
    ["-¥12", "negative"],
    ["¥-12", "negative"],
    ["12.345", "precision"],
    ["0.001", "precision"],
    ["1000000000000000", "tooLarge"],
  ])("refuses %j (%s)", (input, reason) => {
    const error = failure(() => parseMajorToMinor(input, "CNY"));
    expect(error.code).toBe("VALIDATION");
    expect(error.messageKey).toBe("invalidAmount");
    expect(error.details).toMatchObject({ reason, currency: "CNY", maxDecimals: 2 });
  });

  it("refuses decimals in a currency that has none", () => {
    expect(failure(() => parseMajorToMinor("12.5", "JPY")).details).toMatchObject({
      reason: "precision",
      maxDecimals: 0,
    });
  });

  it("takes exactly 15 integer digits, exactly, and refuses a 16th", () => {
    expect(parseMajorToMinor("999,999,999,999,999.99", "CNY")).toBe(99999999999999999n);
    expect(parseMajorToMinor("000999999999999999", "CNY")).toBe(99999999999999900n);
    expect(failure(() => parseMajorToMinor("1,000,000,000,000,000", "CNY")).details).toMatchObject({
      reason: "tooLarge",
    });
  });

  it("refuses an amount that fits 15 digits but not the bigint column", () => {
    // 4 minor digits: 999…9 (15 nines) × 10^4 exceeds 2^63 − 1.
    expect(failure(() => parseMajorToMinor("999999999999999", "CLF")).details).toMatchObject({
      reason: "tooLarge",
    });
    expect(parseMajorToMinor("900000000000000", "CLF")).toBe(9000000000000000000n);
  });
});

describe("minorToMajorString", () => {
  it.each([
    [1250n, "CNY", "12.50"],
    [1n, "CNY", "0.01"],
    [0n, "CNY", "0.00"],
    [-305n, "CNY", "-3.05"],
    [-5n, "CNY", "-0.05"],
    [1234n, "JPY", "1234"],
    [-1234n, "JPY", "-1234"],
    [12345n, "KWD", "12.345"],
    [7n, "KWD", "0.007"],
    [123456789012345678n, "CNY", "1234567890123456.78"],
  ] as const)("writes %s %s as %j", (amount, currency, expected) => {
    expect(minorToMajorString(amount, currency)).toBe(expected);
  });

  it("round-trips with parseMajorToMinor", () => {
    for (const amount of [0n, 1n, 99n, 100n, 1250n, 99999999999999999n]) {
      expect(parseMajorToMinor(minorToMajorString(amount, "CNY"), "CNY")).toBe(amount);
    }
  });
});

describe("formatMinor", () => {
  it.each([
    [1250n, "CNY", "zh-CN", "¥12.50"],
    [123450n, "CNY", "en", "CN¥1,234.50"],
    [1250n, "USD", "en", "$12.50"],
    [1250n, "USD", "zh-CN", "US$12.50"],
    [1234n, "JPY", "en", "¥1,234"],
    [12345n, "KWD", "en", "KWD 12.345"],
    [-305n, "CNY", "zh-CN", "-¥3.05"],
    [0n, "CNY", "zh-CN", "¥0.00"],
  ] as const)("formats %s %s in %s as %j", (amount, currency, locale, expected) => {
    expect(formatMinor(amount, currency, locale).replace(/\u00a0/g, " ")).toBe(expected);
  });

  it("is exact beyond the range of a float", () => {
    // As a Number, 9007199254740993 would print as …992.
    expect(formatMinor(900719925474099301n, "CNY", "zh-CN")).toBe("¥9,007,199,254,740,993.01");
    expect(formatMinor(99999999999999999n, "CNY", "en")).toBe("CN¥999,999,999,999,999.99");
  });

  it("shows the ISO minor digits even where the locale would drop them", () => {
    // CLDR shows rupiah without decimals; rounding 12.50 to "13" would show a wrong amount.
    expect(formatMinor(1250n, "IDR", "en")).toBe("IDR 12.50".replace(" ", "\u00a0"));
  });
});
