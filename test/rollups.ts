import { eq } from "drizzle-orm";
import {
  paymentAmountMonthlyRollups,
  paymentAmountRollups,
  paymentDailyRollups,
  paymentFailureRollups,
  paymentRecoveryRollups,
  paymentRollups,
} from "@/db/schema";
import type { Db } from "@/db/types";
import { foldRollupStripes } from "@/server/analytics/rollup-fold.service";

/**
 * Every roll-up row of a merchant, zero rows left out (a count undone leaves one), in a stable
 * order; rows spread over stripes are folded first (every day), as a rebuild writes one per key.
 */
export async function rollupSnapshot(db: Db, merchantId: string) {
  await foldRollupStripes(db, { before: "9999-12-31", limit: Number.MAX_SAFE_INTEGER });
  const text = (rows: object[]) =>
    rows
      .map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)))
      .sort();
  const main = await db
    .select()
    .from(paymentRollups)
    .where(eq(paymentRollups.merchantId, merchantId));
  const days = await db
    .select()
    .from(paymentDailyRollups)
    .where(eq(paymentDailyRollups.merchantId, merchantId));
  const reasons = await db
    .select()
    .from(paymentFailureRollups)
    .where(eq(paymentFailureRollups.merchantId, merchantId));
  const amounts = await db
    .select()
    .from(paymentAmountRollups)
    .where(eq(paymentAmountRollups.merchantId, merchantId));
  const amountMonths = await db
    .select()
    .from(paymentAmountMonthlyRollups)
    .where(eq(paymentAmountMonthlyRollups.merchantId, merchantId));
  const recovery = await db
    .select()
    .from(paymentRecoveryRollups)
    .where(eq(paymentRecoveryRollups.merchantId, merchantId));
  const {
    merchantId: _m,
    storeId: _s,
    methodId: _x,
    currency: _c,
    day: _d,
    hour: _h,
    ...zero
  } = main[0] ?? ({} as (typeof main)[number]);
  void zero;
  return {
    main: text(
      main.filter((r) =>
        [r.attempts, r.successes, r.failures, r.ordersOffered, r.methodOrdersOffered].some(
          (n) => n !== 0,
        ),
      ),
    ),
    days: text(
      days.filter((r) =>
        [r.attempts, r.successes, r.failures, r.ordersOffered, r.methodOrdersOffered].some(
          (n) => n !== 0,
        ),
      ),
    ),
    reasons: text(reasons.filter((r) => r.failures !== 0)),
    amounts: text(amounts.filter((r) => r.payments !== 0)),
    amountMonths: text(amountMonths.filter((r) => r.payments !== 0)),
    recovery: text(recovery.filter((r) => r.failedOrders !== 0 || r.recoveredOrders !== 0)),
  };
}
