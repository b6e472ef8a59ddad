import { recordCustomerPayment } from "@/server/customers/customer-payment.service";
import { eq, sql, type Placeholder, type SQL } from "drizzle-orm";
import { raiseAlert } from "@/server/alerts/raise-alert.service";
import { paymentMethodFees, paymentMethods } from "@/db/schema";
import type { DbOrTx, Tx } from "@/db/types";
import type { Actor } from "@/server/audit/audit.service";
import { markOrderRecovered } from "@/server/failures/failure-log.service";
import { customerNotice } from "@/server/notices/customer-notice.service";
import { openShiftQuery } from "@/server/shifts/shift-drawer.service";
import {
  issueVoucherForOrder,
  voucherRulesQuery,
  type VoucherRules,
} from "@/server/vouchers/voucher-issue.service";
import { transitionAttempt, type AttemptRow } from "./attempt-transition.service";
import type { FailureReason } from "./failure-reasons.logic";
import { computeFee } from "./fee.logic";
import { feeAmountsFields, feeAmountsJoin, feeRuleOfRow } from "./method-fees.service";
import { cancelOpenAttempts } from "./open-attempts.service";
import { isUnwanted, partOutcome } from "./parts.logic";
import { paidSoFarSql } from "./parts.service";
import { finishOrderMove, orderMove, type OrderRow } from "./order-transition.service";
import { one } from "@/db/one";
import { statementTemplate, type Placeholders } from "@/db/statement-template";

const unwantedAlert = {
  duplicate: "duplicate_payment",
  closed: "payment_on_closed_order",
  over_payment: "over_payment",
} as const;

/**
 * The fee rule, what the order's parts covered before this one, the shift the payment counts
 * in and the voucher rules should it pay the order: the fields of one read, from the method's
 * row and its fee amounts in the attempt's currency (in the statement's FROM, joined by
 * feeAmountsJoin); `of` names the attempt's order, merchant and requesting
 * cashier and the order's store (placeholders, or the columns of a statement that reads the
 * order and attempt: see lockPaymentQuery).
 */
export function paymentTermsFields(
  db: DbOrTx,
  of: {
    orderId: Placeholder | SQL;
    merchantId: Placeholder | SQL;
    cashierId: Placeholder | SQL;
    storeId: Placeholder | SQL;
  },
) {
  return {
    feeRateBps: paymentMethods.feeRateBps,
    ...feeAmountsFields,
    paidBefore: paidSoFarSql(of.orderId),
    // The shift the payment counts in: its requesting cashier's, at the order's store.
    shiftId: sql<string | null>`${openShiftQuery(db, of.merchantId, of.cashierId, of.storeId)}`,
    voucherRules: sql<VoucherRules>`${voucherRulesQuery(db, of.merchantId, of.orderId)}`,
  };
}

/** What paymentTermsFields read. */
export type PaymentTerms = Awaited<ReturnType<typeof paymentTerms>>[number];

// Read on every success not locked with its terms: a template (db/statement-template.ts).
const paymentTerms = statementTemplate(
  "payment_terms",
  (
    db,
    v: Placeholders<{
      methodId: string;
      orderId: string;
      merchantId: string;
      cashierId: string | null;
      storeId: string;
      currency: string;
    }>,
  ) =>
    db
      .select(paymentTermsFields(db, v))
      .from(paymentMethods)
      .leftJoin(paymentMethodFees, feeAmountsJoin(v.currency))
      .where(eq(paymentMethods.id, v.methodId)),
);

async function readPaymentTerms(tx: Tx, attempt: AttemptRow, order: OrderRow) {
  const read = await paymentTerms(tx, {
    methodId: attempt.methodId,
    orderId: order.id,
    merchantId: attempt.merchantId,
    cashierId: attempt.createdBy,
    storeId: order.storeId,
    currency: attempt.currency,
  });
  return one(read, "method");
}

/**
 * Marks an attempt (a part of the order, or all of it) succeeded, with the fee charged under
 * the method's rule of this moment in the attempt's currency, the cashier's open shift it counts in (server/shifts), its
 * audit row and live event, all in the caller's transaction (which holds the order's lock). The
 * part that completes the order's amount pays the order: its other requests closed, its voucher
 * issued and the customer's success e-mail queued — once, by that part only. A part that leaves
 * something due changes nothing else.
 */
export async function succeedAttempt(
  tx: Tx,
  actor: Actor,
  attempt: AttemptRow,
  order: OrderRow,
  details: SuccessDetails,
  /**
   * The terms as read with the order's lock (lockPaymentQuery's `withTerms`), saving a statement of their
   * own. That statement's snapshot was taken before it waited for the lock, so a part of the
   * order paid by the transaction it waited for is missing from its paidBefore: the success's
   * UPDATE moves the attempt only while the paid parts still sum to it, and when they do not,
   * the terms are read again, now under the lock, and the success made with them.
   */
  lockedTerms?: PaymentTerms,
) {
  if (lockedTerms) {
    const made = await succeedWithTerms(tx, actor, attempt, order, details, lockedTerms, true);
    if (made) return made;
  }
  const terms = await readPaymentTerms(tx, attempt, order);
  return succeedWithTerms(tx, actor, attempt, order, details, terms, false);
}

interface SuccessDetails {
  providerTxnId: string | null;
  at: Date;
  cash?: { tenderedMinor: bigint; changeMinor: bigint };
  /** The provider's id of the buyer, for recognising a returning customer (hashed only). */
  buyerId?: string | null;
}

/** succeedAttempt under `method`'s terms; `checkPaid`: only while the paid parts still sum to them. */
async function succeedWithTerms(
  tx: Tx,
  actor: Actor,
  attempt: AttemptRow,
  order: OrderRow,
  details: SuccessDetails,
  method: PaymentTerms,
  checkPaid: boolean,
) {
  const feeMinor = computeFee(attempt.amountMinor, feeRuleOfRow(method));
  const paidBefore = BigInt(method.paidBefore);
  // A discounted request covers its promotion's discount too (server/promotions).
  const coveredMinor = attempt.amountMinor + attempt.discountMinor;
  const outcome = partOutcome(order, paidBefore, coveredMinor);
  // Paid already (money moved twice), closed before this late success, or more than was
  // still due (a replaced part paid late): keep the truth, raise an alert to refund it.
  const isDuplicate = isUnwanted(outcome);
  // The part that completes the order's amount pays it, by the success's own statement.
  const paying =
    outcome === "covers" ? orderMove(order, "paid", { paidAt: details.at }) : undefined;
  return transitionAttempt(tx, actor, attempt, "succeeded", {
    set: {
      shiftId: method.shiftId,
      feeMinor,
      providerTxnId: details.providerTxnId,
      succeededAt: details.at,
      isDuplicate,
      cashTenderedMinor: details.cash?.tenderedMinor ?? null,
      changeMinor: details.cash?.changeMinor ?? null,
      failureCode: null,
      failureMessage: null,
      failureReason: null,
    },
    audit: {
      providerTxnId: details.providerTxnId,
      amountMinor: attempt.amountMinor,
      feeMinor,
      ...(coveredMinor !== order.amountMinor ? { part: true, paidBeforeMinor: paidBefore } : {}),
      ...details.cash,
    },
    orderMove: paying,
    paidPartsStill: checkPaid ? paidBefore : undefined,
    order: async (_, facts, movedOrder) => {
      if (outcome === "partial") return order.status;
      if (outcome !== "covers") {
        await raiseAlert(tx, {
          merchantId: order.merchantId,
          kind: unwantedAlert[outcome],
          entityType: "order",
          entityId: order.id,
          details: {
            attemptId: attempt.id,
            amountMinor: attempt.amountMinor.toString(),
            currency: attempt.currency,
            ...(outcome === "over_payment"
              ? {
                  orderAmountMinor: order.amountMinor.toString(),
                  dueMinor: (order.amountMinor - paidBefore).toString(),
                }
              : {}),
          },
        });
        return order.status;
      }
      // Written at commit, so read from here by the success e-mail.
      let receiptCode: string | undefined;
      const paid =
        paying &&
        (await finishOrderMove(tx, actor, paying, movedOrder, {
          follow: async (paidOrder) => {
            // What the success's UPDATE found (successFacts): most paid orders have no other
            // open request and no failure to recover, and then neither costs a statement. An
            // overdue request expired here writes a failure record the payment recovers.
            const expired = facts?.otherOpen
              ? await cancelOpenAttempts(tx, actor, paidOrder, attempt.id)
              : 0;
            const voucher = await issueVoucherForOrder(
              tx,
              actor,
              order,
              details.at,
              method.voucherRules,
            );
            receiptCode = voucher.code;
            if (facts?.failuresToRecover || expired > 0)
              await markOrderRecovered(tx, order.id, attempt, details.at);
            await recordCustomerPayment(tx, {
              order,
              method: { id: attempt.methodId, kind: attempt.methodKind },
              buyerId: details.buyerId ?? null,
              at: details.at,
            });
          },
          // After the voucher's issue: the success e-mail links its receipt. An order without a
          // contact (its row is read under the lock, so current) has no one to write to.
          outbox: async (paidOrder) =>
            paidOrder.customerContact === null
              ? null
              : customerNotice(tx, attempt.id, "payment_succeeded", null, null, receiptCode),
          // This attempt's event reports the order paid.
          event: false,
        }));
      // Every caller holds the order's lock: nothing else can have moved it meanwhile.
      if (!paid) throw new Error(`order ${order.id} changed under its lock`);
      return paid.status;
    },
  });
}

/** A provider's refusal (failed) or the end of the customer's time to pay (expired). */
export async function failAttempt(
  tx: Tx,
  actor: Actor,
  attempt: AttemptRow,
  order: Pick<OrderRow, "status">,
  failure: {
    status: "failed" | "expired";
    code: string | null;
    message: string | null;
    reason: FailureReason;
  },
) {
  return transitionAttempt(tx, actor, attempt, failure.status, {
    set: {
      failureCode: failure.code,
      failureMessage: failure.message,
      failureReason: failure.reason,
    },
    audit: { reason: failure.reason, code: failure.code, message: failure.message },
    order: order.status,
  });
}
