/** A payment method's fee in one currency: a rate in basis points plus a fixed part, optionally bounded. */
export interface FeeRule extends FeeAmounts {
  /** 1 bp = 0.01 %: 60 = 0.6 % (WeChat Pay / Alipay standard), 290 = 2.9 %. */
  rateBps: number;
}

/** A method's fee amounts in one currency, in its minor units (db/schema paymentMethodFees). */
export interface FeeAmounts {
  fixedMinor: bigint;
  minMinor: bigint | null;
  maxMinor: bigint | null;
}

/**
 * The rule a method charges in a currency: its rate with that currency's amounts, or the rate
 * alone where none are set (`fixedMinor` null: the amounts' row is missing from a left join).
 */
export function feeRuleIn(
  rateBps: number,
  amounts: { fixedMinor: bigint | null; minMinor: bigint | null; maxMinor: bigint | null } | null,
): FeeRule {
  if (amounts?.fixedMinor == null)
    return { rateBps, fixedMinor: 0n, minMinor: null, maxMinor: null };
  return {
    rateBps,
    fixedMinor: amounts.fixedMinor,
    minMinor: amounts.minMinor,
    maxMinor: amounts.maxMinor,
  };
}

const bpsPerUnit = 10_000n;

/**
 * Integer division of non-negative values, rounded half up (…0.5 → next unit).
 * Our stated fee rule: the percentage part is rounded half up to the nearest minor unit,
 * the way Alipay and WeChat Pay round their fees to the fen (四舍五入).
 */
function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * The fee charged on a payment of `amountMinor`, in the same minor units:
 * round_half_up(amount × rate / 10 000) + fixed, raised to `minMinor` and lowered to
 * `maxMinor` when set, never above the amount itself (a provider cannot keep more than it
 * took) and never below zero. Bigint arithmetic throughout, so it is exact at any amount.
 */
export function computeFee(amountMinor: bigint, rule: FeeRule): bigint {
  if (amountMinor < 0n) throw new RangeError(`Fee of a negative amount: ${amountMinor}`);
  // Fractional basis points cannot be applied in integer arithmetic; the rule's own
  // validation (a whole number of bp) must have refused them before we get here.
  if (!Number.isSafeInteger(rule.rateBps) || rule.rateBps < 0) {
    throw new RangeError(`Fee rate must be a whole, non-negative number of bp: ${rule.rateBps}`);
  }
  if (amountMinor === 0n) return 0n;

  let fee = divideRoundHalfUp(amountMinor * BigInt(rule.rateBps), bpsPerUnit) + rule.fixedMinor;
  if (rule.minMinor !== null && fee < rule.minMinor) fee = rule.minMinor;
  if (rule.maxMinor !== null && fee > rule.maxMinor) fee = rule.maxMinor;
  if (fee > amountMinor) fee = amountMinor;
  return fee < 0n ? 0n : fee;
}

/**
 * What the fee came to as a rate, in basis points with two decimals (5 fen on 13.33 yuan
 * → 37.51), for showing the real cost of a method next to its list rate. 0 for no amount.
 * Rounded half away from zero, so refunds (negative sums) mirror payments.
 */
export function effectiveRateBps(amount: bigint, fee: bigint): number {
  if (amount === 0n) return 0;
  const negative = amount < 0n !== fee < 0n && fee !== 0n;
  const absAmount = amount < 0n ? -amount : amount;
  const absFee = fee < 0n ? -fee : fee;
  // Hundredths of a basis point: fee / amount × 10 000 × 100.
  const hundredths = divideRoundHalfUp(absFee * bpsPerUnit * 100n, absAmount);
  const rate = Number(hundredths) / 100;
  return negative ? -rate : rate;
}
