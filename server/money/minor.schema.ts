import { z } from "zod";

/** The most an amount may be, in minor units: a quadrillion. */
export const maxAmountMinor = 10n ** 15n;

/**
 * Minor units as typed by a form or sent by a client: a whole number, a bigint, or decimal
 * digits (a minus sign allowed, so that the range check says what is wrong). BigInt() alone
 * would also take "0x10", "0b11" and "0o7" as numbers, and "" or spaces as 0.
 */
export const minorUnits = <T extends z.ZodCoercedBigInt>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === "string" && !/^\s*-?\d+\s*$/.test(value) ? Number.NaN : value),
    schema,
  );

/**
 * Minor units (see minorUnits); positive, below a quadrillion. Apart from the order's schemas: the forms that only take an amount (a paid-out, a refund, a
 * price) run it in the browser without the order's and the voucher terms' checks.
 */
export const positiveMinor = minorUnits(
  z.coerce
    .bigint({ message: "invalidAmount" })
    .min(1n, { message: "amountPositive" })
    .max(maxAmountMinor, { message: "invalidAmount" }),
);

/** Minor units (see minorUnits), zero or more: a range's bound. */
export const nonNegativeMinor = minorUnits(z.coerce.bigint().min(0n));
