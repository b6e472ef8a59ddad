import type { AttemptStatus } from "@/server/payments/state.logic";

/** What of an attempt the roll-ups count: its outcome, not its identity or timing. */
export interface AttemptOutcome {
  status: AttemptStatus;
  failureReason: string | null;
  isDuplicate: boolean;
  amountMinor: bigint;
  feeMinor: bigint | null;
  /** The promotions' discount on it (server/promotions): their cost, once paid. */
  discountMinor: bigint;
}

/** The counters one attempt's outcome adds to its hour's roll-up row. */
export interface OutcomeCounters {
  successes: number;
  duplicates: number;
  paidOrders: number;
  failures: number;
  riskDeclines: number;
  grossMinor: bigint;
  feeMinor: bigint;
  discountMinor: bigint;
  /** The failure reason counted, if any. */
  reason: string | null;
  /** A non-duplicate payment of this amount and fee, for the what-if re-pricing. */
  payment: { amountMinor: bigint; feeMinor: bigint } | null;
}

const none: OutcomeCounters = {
  successes: 0,
  duplicates: 0,
  paidOrders: 0,
  failures: 0,
  riskDeclines: 0,
  grossMinor: 0n,
  feeMinor: 0n,
  discountMinor: 0n,
  reason: null,
  payment: null,
};

/**
 * The single definition of what an outcome counts. The rebuild query
 * (rollup.service.ts, rebuildRollups) says the same in SQL; the maintained-equals-rebuilt test
 * holds the two together. A duplicate success cost a fee but is not takings (it is refunded).
 */
export function outcomeCounters(o: AttemptOutcome): OutcomeCounters {
  if (o.status === "succeeded") {
    const fee = o.feeMinor ?? 0n;
    return {
      ...none,
      successes: 1,
      duplicates: o.isDuplicate ? 1 : 0,
      paidOrders: o.isDuplicate ? 0 : 1,
      grossMinor: o.isDuplicate ? 0n : o.amountMinor,
      feeMinor: fee,
      discountMinor: o.isDuplicate ? 0n : o.discountMinor,
      payment: o.isDuplicate ? null : { amountMinor: o.amountMinor, feeMinor: fee },
    };
  }
  if (o.status === "failed" || o.status === "expired") {
    const reason = o.failureReason ?? "unknown";
    return {
      ...none,
      failures: 1,
      riskDeclines: reason === "risk_declined" ? 1 : 0,
      reason,
    };
  }
  return none;
}

/** after − before, field by field: what a transition adds to the row (negative when undone). */
export function outcomeDelta(before: AttemptOutcome | null, after: AttemptOutcome) {
  const b = before ? outcomeCounters(before) : none;
  const a = outcomeCounters(after);
  return {
    successes: a.successes - b.successes,
    duplicates: a.duplicates - b.duplicates,
    paidOrders: a.paidOrders - b.paidOrders,
    failures: a.failures - b.failures,
    riskDeclines: a.riskDeclines - b.riskDeclines,
    grossMinor: a.grossMinor - b.grossMinor,
    feeMinor: a.feeMinor - b.feeMinor,
    discountMinor: a.discountMinor - b.discountMinor,
    reasons: [
      ...(b.reason ? [{ reason: b.reason, change: -1 }] : []),
      ...(a.reason ? [{ reason: a.reason, change: 1 }] : []),
    ].filter(
      (r, _, all) => !all.some((o) => o !== r && o.reason === r.reason && o.change === -r.change),
    ),
    payments: [
      ...(b.payment ? [{ ...b.payment, change: -1 }] : []),
      ...(a.payment ? [{ ...a.payment, change: 1 }] : []),
    ],
  };
}

/**
 * What one succeeded refund adds to the row of the payment it refunds. A duplicate payment
 * was never takings (outcomeCounters leaves it out of gross), so giving it back is not a
 * refund of takings either: its amount and count stay out of the refund figures, which net
 * revenue and the refund rate subtract from and divide by gross; the fee the provider
 * returns on it does count, as its fee did.
 */
export function refundCounters(
  isDuplicate: boolean,
  refund: { amountMinor: bigint; feeRefundedMinor: bigint | null },
) {
  return {
    refunds: isDuplicate ? 0 : 1,
    refundMinor: isDuplicate ? 0n : refund.amountMinor,
    refundFeeMinor: refund.feeRefundedMinor ?? 0n,
  };
}
