import { and, eq, inArray, sql } from "drizzle-orm";
import { one } from "@/db/one";
import { orders, outsideRefunds, paymentAttempts, paymentMethods, refunds } from "@/db/schema";
import type { Tx } from "@/db/types";
import { raiseAlert } from "@/server/alerts/raise-alert.service";
import type { RefundedTotal } from "@/server/connectors/types";
import { lockOrder } from "./order-lock.service";

/*
 * Money the provider moved that Hexiao did not ask for: a refund made in the provider's own
 * console, a payment to a reference we hold no request for. Hexiao records only the money
 * movements it made and confirmed, so these change no order, refund or figure; the owner is
 * told at once by an alert, raised in the inbox's transaction of the event's first delivery
 * (a repeat delivery stores nothing and so raises nothing); a refund made outside is also
 * written down (outside_refunds), to weigh a provider's refunded total against. A reference that names another
 * method's payment (another merchant's, on a shared provider account) is not this
 * merchant's money: no alert.
 */

/** Refunds already sent to the provider (or settled): what the provider's total may hold of ours. */
const askedOfProvider = ["requested", "pending", "succeeded"] as const;

interface MethodOf {
  merchantId: string;
  methodId: string;
}

/** What the owner reads, and where the alert leads. */
type Whereabouts = { entityType: string; entityId: string; orderNumber: string | null };

/**
 * How a provider names the payment it moved money on: by our attempt token, or (a refund made
 * in its console, which carries none of our ids) by its own id of the payment.
 */
export type PaymentReference = { token: string } | { paymentTxnId: string };

/**
 * The payment a provider's reference names: on this method (with its order), elsewhere, or
 * nowhere. A token is ours wherever it is found: it is looked up across merchants on purpose,
 * so that a token of another merchant's request is known as "elsewhere" (no alert) rather
 * than "nowhere" (an alert for money that is not this merchant's); only the merchant and
 * method checks below make a found payment this merchant's. A provider's payment id is
 * looked for only among this method's payments (another account's ids may be alike).
 */
async function paymentNamed(tx: Tx, method: MethodOf, ref: PaymentReference) {
  const which =
    "token" in ref
      ? eq(paymentAttempts.token, ref.token)
      : and(
          eq(paymentAttempts.merchantId, method.merchantId),
          eq(paymentAttempts.providerTxnId, ref.paymentTxnId),
          eq(paymentAttempts.methodId, method.methodId),
        );
  const [found] = await tx
    .select({
      attemptId: paymentAttempts.id,
      token: paymentAttempts.token,
      methodId: paymentAttempts.methodId,
      orderId: orders.id,
      orderNumber: orders.number,
      merchantId: orders.merchantId,
    })
    .from(paymentAttempts)
    .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
    .where(which)
    .limit(1);
  if (!found) return { where: "nowhere" as const };
  if (found.methodId !== method.methodId || found.merchantId !== method.merchantId)
    return { where: "elsewhere" as const };
  return { where: "here" as const, ...found };
}

async function methodLabel(tx: Tx, methodId: string) {
  return one(
    await tx
      .select({ label: paymentMethods.label })
      .from(paymentMethods)
      .where(eq(paymentMethods.id, methodId)),
    "payment method",
  ).label;
}

function whereabouts(
  method: MethodOf,
  payment: { orderId: string; orderNumber: string } | null,
): Whereabouts {
  return payment
    ? { entityType: "order", entityId: payment.orderId, orderNumber: payment.orderNumber }
    : { entityType: "payment_method", entityId: method.methodId, orderNumber: null };
}

/**
 * A genuine success for a reference the method holds no request for (its inbox row names no
 * attempt). Returns the inbox row's detail.
 */
export async function alertPaymentOutside(
  tx: Tx,
  method: MethodOf,
  event: {
    attemptToken: string;
    amountMinor: bigint;
    currency: string;
    providerTxnId: string | null;
  },
): Promise<string> {
  const named = await paymentNamed(tx, method, { token: event.attemptToken });
  if (named.where !== "nowhere") return "a payment request of another method";
  const at = whereabouts(method, null);
  await raiseAlert(tx, {
    merchantId: method.merchantId,
    kind: "payment_outside_hexiao",
    entityType: at.entityType,
    entityId: at.entityId,
    details: {
      methodLabel: await methodLabel(tx, method.methodId),
      amountMinor: event.amountMinor.toString(),
      currency: event.currency,
      reference: event.attemptToken,
      providerTxnId: event.providerTxnId,
    },
  });
  return "no payment request with this reference: owner alerted";
}

/**
 * A refund the provider reports that names none of ours (its id is not one of our refunds').
 * Only a success moved money; a refund still in progress is told when it succeeds.
 */
export async function alertRefundOutside(
  tx: Tx,
  method: MethodOf,
  refund: {
    ref: PaymentReference;
    amountMinor: bigint | null;
    currency: string | null;
    providerRefundId: string | null;
  },
): Promise<string> {
  const named = await paymentNamed(tx, method, refund.ref);
  if (named.where === "elsewhere") return "a refund of another method's payment";
  // Named only by the provider's id and not among this method's payments: a payment taken
  // elsewhere on the same account, not Hexiao's.
  if (named.where === "nowhere" && !("token" in refund.ref))
    return "a refund of a payment Hexiao did not take";
  await recordRefundOutside(tx, method, named.where === "here" ? named : null, {
    amountMinor: refund.amountMinor,
    currency: refund.currency,
    providerRefundId: refund.providerRefundId,
    reference:
      "token" in refund.ref ? refund.ref.token : named.where === "here" ? named.token : null,
  });
  return "not a refund made in Hexiao: owner alerted";
}

/** A refund made outside Hexiao: written down, and the owner told by an alert. */
async function recordRefundOutside(
  tx: Tx,
  method: MethodOf,
  payment: { attemptId: string; orderId: string; orderNumber: string } | null,
  refund: {
    amountMinor: bigint | null;
    currency: string | null;
    providerRefundId: string | null;
    reference: string | null;
  },
) {
  await tx.insert(outsideRefunds).values({
    merchantId: method.merchantId,
    methodId: method.methodId,
    attemptId: payment?.attemptId ?? null,
    ...refund,
  });
  const at = whereabouts(method, payment);
  await raiseAlert(tx, {
    merchantId: method.merchantId,
    kind: "refund_outside_hexiao",
    entityType: at.entityType,
    entityId: at.entityId,
    details: {
      methodLabel: await methodLabel(tx, method.methodId),
      orderNumber: at.orderNumber,
      ...refund,
      amountMinor: refund.amountMinor?.toString() ?? null,
    },
  });
}

/**
 * The provider's total refunded on a payment: the part beyond our refunds sent to it and the
 * outside refunds already told is a refund made elsewhere. The order is locked first, so two
 * such totals of one payment are weighed one after the other and the same refund is told once
 * (a later re-notification of the same total finds nothing new).
 */
export async function applyRefundedTotal(
  tx: Tx,
  method: MethodOf,
  notice: RefundedTotal,
): Promise<{ attemptId: string | null; detail: string }> {
  const named = await paymentNamed(tx, method, { token: notice.attemptToken });
  if (named.where === "elsewhere")
    return { attemptId: null, detail: "a refund of another method's payment" };
  if (named.where === "nowhere") {
    if (notice.totalMinor === 0n) return { attemptId: null, detail: "nothing refunded" };
    await recordRefundOutside(tx, method, null, {
      amountMinor: notice.totalMinor,
      currency: notice.currency,
      providerRefundId: notice.providerRefundId,
      reference: notice.attemptToken,
    });
    return { attemptId: null, detail: "refunds of a payment Hexiao does not know: owner alerted" };
  }
  await lockOrder(tx, method.merchantId, named.orderId);
  const ours = one(
    await tx
      .select({ sum: sql<string>`coalesce(sum(${refunds.amountMinor}), 0)::text` })
      .from(refunds)
      .where(and(eq(refunds.attemptId, named.attemptId), inArray(refunds.status, askedOfProvider))),
    "refunds",
  );
  const told = one(
    await tx
      .select({ sum: sql<string>`coalesce(sum(${outsideRefunds.amountMinor}), 0)::text` })
      .from(outsideRefunds)
      .where(eq(outsideRefunds.attemptId, named.attemptId)),
    "told",
  );
  const outside = notice.totalMinor - BigInt(ours.sum) - BigInt(told.sum);
  const detail = `refunded in total ${notice.totalMinor} ${notice.currency}, ${ours.sum} by Hexiao`;
  if (outside <= 0n) return { attemptId: named.attemptId, detail };
  await recordRefundOutside(tx, method, named, {
    amountMinor: outside,
    currency: notice.currency,
    providerRefundId: notice.providerRefundId,
    reference: notice.attemptToken,
  });
  return { attemptId: named.attemptId, detail: `${detail}: owner alerted` };
}
