import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { paymentAttempts, paymentMethods } from "@/db/schema";
import type { Tx } from "@/db/types";
import { bumpRollups } from "@/server/analytics/rollup.service";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { publishEvent } from "@/server/events/events.service";
import { assertMethodOffered } from "./method-offer.service";
import type { OrderRow } from "./order-transition.service";
import { one } from "@/db/one";

type MethodRow = typeof paymentMethods.$inferSelect;

/** 24 random bytes: a pay token nobody can guess or enumerate. */
export function newPayToken(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * The order's merchant's method, if it is switched on, takes the order's currency and is
 * offered (connected and checked, or an allowed sandbox wallet).
 */
export async function loadMethodForOrder(
  tx: Tx,
  order: OrderRow,
  methodId: string,
  sandboxEverywhere = false,
) {
  const [method] = await tx
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, methodId), eq(paymentMethods.merchantId, order.merchantId)));
  if (!method) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  if (!method.enabled)
    throw new DomainError("INVALID_STATE", "methodDisabled", "This payment method is switched off");
  if (!method.currencies.includes(order.currency)) {
    throw new DomainError(
      "INVALID_STATE",
      "currencyNotAccepted",
      "This method does not accept the order's currency",
      {
        currency: order.currency,
      },
    );
  }
  // Only a connected, checked method (or an allowed sandbox wallet) takes a payment.
  await assertMethodOffered(tx, order.merchantId, method.id, sandboxEverywhere);
  return method;
}

export function requirePending(order: OrderRow) {
  if (order.status !== "pending") {
    throw new DomainError(
      "INVALID_STATE",
      "orderNotPayable",
      "The order is no longer waiting for payment",
      {
        status: order.status,
      },
    );
  }
}

/**
 * A new attempt (created) on the order with the method for `amountMinor` (the order's amount,
 * or a part of it: see parts.logic.ts) less the promotions' `discountMinor`, with its audit
 * row and live event.
 */
export async function insertAttempt(
  tx: Tx,
  actor: Actor,
  order: OrderRow,
  method: MethodRow,
  amountMinor: bigint,
  discountMinor = 0n,
) {
  const now = new Date();
  const attempt = one(
    await tx
      .insert(paymentAttempts)
      .values({
        merchantId: order.merchantId,
        orderId: order.id,
        methodId: method.id,
        methodKind: method.kind,
        token: newPayToken(),
        status: "created",
        amountMinor,
        discountMinor,
        currency: order.currency,
        expiresAt: new Date(now.getTime() + method.requestTtlSeconds * 1000),
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning(),
    "attempt",
  );
  await recordAudit(tx, actor, {
    merchantId: order.merchantId,
    action: "attempt.create",
    entityType: "order",
    entityId: order.id,
    after: {
      attemptId: attempt.id,
      method: method.label,
      kind: method.kind,
      amountMinor,
      ...(discountMinor > 0n ? { discountMinor } : {}),
      expiresAt: attempt.expiresAt,
    },
  });
  await bumpRollups(tx, attempt.id, null);
  await publishEvent(tx, {
    merchantId: order.merchantId,
    orderId: order.id,
    token: attempt.token,
    orderStatus: order.status,
    attemptStatus: "created",
  });
  return attempt;
}
