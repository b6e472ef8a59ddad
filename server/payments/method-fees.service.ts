import { and, asc, eq, inArray, type SQLWrapper } from "drizzle-orm";
import { paymentMethodFees, paymentMethods } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { feeRuleIn, type FeeAmounts, type FeeRule } from "./fee.logic";

/** A method's fee amounts by currency (only the currencies where they are set). */
export type FeeAmountsByCurrency = Record<string, FeeAmounts>;

/**
 * The join of a method's amounts in `currency` (a column or a value): left, since a currency
 * without amounts is charged the rate alone. Read its columns with `feeAmountsFields`.
 */
export function feeAmountsJoin(currency: SQLWrapper | string) {
  return and(
    eq(paymentMethodFees.methodId, paymentMethods.id),
    eq(paymentMethodFees.currency, currency),
  );
}

/** The amounts' columns as read through `feeAmountsJoin`: all null where none are set. */
export const feeAmountsFields = {
  feeFixedMinor: paymentMethodFees.fixedMinor,
  feeMinMinor: paymentMethodFees.minMinor,
  feeMaxMinor: paymentMethodFees.maxMinor,
};

/** The rule of a row read with `feeAmountsFields` and the method's rate. */
export function feeRuleOfRow(row: {
  feeRateBps: number;
  feeFixedMinor: bigint | null;
  feeMinMinor: bigint | null;
  feeMaxMinor: bigint | null;
}): FeeRule {
  return feeRuleIn(row.feeRateBps, {
    fixedMinor: row.feeFixedMinor,
    minMinor: row.feeMinMinor,
    maxMinor: row.feeMaxMinor,
  });
}

/** The methods' amounts, by method and currency; a method with none is missing from the map. */
export async function feeAmountsOf(
  db: DbOrTx,
  methodIds: readonly string[],
): Promise<Map<string, FeeAmountsByCurrency>> {
  const byMethod = new Map<string, FeeAmountsByCurrency>();
  if (methodIds.length === 0) return byMethod;
  const rows = await db
    .select()
    .from(paymentMethodFees)
    .where(inArray(paymentMethodFees.methodId, [...methodIds]))
    .orderBy(asc(paymentMethodFees.methodId), asc(paymentMethodFees.currency));
  for (const { methodId, currency, ...amounts } of rows) {
    const of = byMethod.get(methodId) ?? {};
    of[currency] = amounts;
    byMethod.set(methodId, of);
  }
  return byMethod;
}

/**
 * The rule a method of the merchant charges in `currency` now, whether amounts are set there
 * (or the rate alone applies), its label and when it was last changed; null when there is no
 * such method.
 */
export async function methodFeeRule(
  db: DbOrTx,
  merchantId: string,
  methodId: string,
  currency: string,
) {
  const [row] = await db
    .select({
      label: paymentMethods.label,
      updatedAt: paymentMethods.updatedAt,
      feeRateBps: paymentMethods.feeRateBps,
      ...feeAmountsFields,
    })
    .from(paymentMethods)
    .leftJoin(paymentMethodFees, feeAmountsJoin(currency))
    .where(and(eq(paymentMethods.id, methodId), eq(paymentMethods.merchantId, merchantId)));
  if (!row) return null;
  return {
    rule: feeRuleOfRow(row),
    amountsSet: row.feeFixedMinor !== null,
    label: row.label,
    updatedAt: row.updatedAt,
  };
}

/** Writes a new method's amounts for the currencies it takes (none given: no statement). */
export async function addFeeAmounts(
  tx: DbOrTx,
  methodId: string,
  currencies: readonly string[],
  amounts: FeeAmountsByCurrency,
) {
  const rows = currencies.flatMap((currency) => {
    const set = amounts[currency];
    return set ? [{ methodId, currency, ...set }] : [];
  });
  if (rows.length > 0) await tx.insert(paymentMethodFees).values(rows);
}

/**
 * Sets a method's amounts to `amounts` for the currencies it takes, in the caller's
 * transaction: a currency's row is replaced, one left out of `amounts` (or no longer taken)
 * removed, so a currency added again later starts with none.
 */
export async function replaceFeeAmounts(
  tx: DbOrTx,
  methodId: string,
  currencies: readonly string[],
  amounts: FeeAmountsByCurrency,
) {
  await tx.delete(paymentMethodFees).where(eq(paymentMethodFees.methodId, methodId));
  await addFeeAmounts(tx, methodId, currencies, amounts);
}
