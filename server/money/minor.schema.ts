import { z } from "zod";

/** The most an amount may be, in minor units: a quadrillion. */
export const maxAmountMinor = 10n ** 15n;

/**
 * Minor units as typed by a form (string or number); positive, below a quadrillion. Apart
 * from the order's schemas: the forms that only take an amount (a paid-out, a refund, a
 * price) run it in the browser without the order's and the voucher terms' checks.
 */
export const positiveMinor = z.coerce
  .bigint({ message: "invalidAmount" })
  .min(1n, { message: "amountPositive" })
  .max(maxAmountMinor, { message: "invalidAmount" });
