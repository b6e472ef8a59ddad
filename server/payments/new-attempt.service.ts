import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { paymentAttempts, paymentMethods } from "@/db/schema";
import type { Tx } from "@/db/types";
import { statementTemplate, type Placeholders } from "@/db/statement-template";
import { bumpRollups } from "@/server/analytics/rollup.service";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { currenciesRefused } from "@/server/connectors/provider-currencies.logic";
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

// The method read and the attempt's INSERT run on every payment request: templates
// (db/statement-template.ts).
const methodOfMerchant = statementTemplate(
  "method_of_merchant",
  (db, v: Placeholders<{ methodId: string; merchantId: string }>) =>
    db
      .select()
      .from(paymentMethods)
      .where(and(eq(paymentMethods.id, v.methodId), eq(paymentMethods.merchantId, v.merchantId))),
);

/** The columns a new attempt sets, each given: the INSERT's shape is fixed. */
type NewAttempt = Required<
  Pick<
    typeof paymentAttempts.$inferInsert,
    | "merchantId"
    | "orderId"
    | "methodId"
    | "methodKind"
    | "token"
    | "amountMinor"
    | "discountMinor"
    | "currency"
    | "expiresAt"
    | "createdBy"
    | "createdAt"
    | "updatedAt"
  >
>;

const insertAttemptRow = statementTemplate("insert_attempt", (db, v: Placeholders<NewAttempt>) =>
  db
    .insert(paymentAttempts)
    .values({
      merchantId: v.merchantId,
      orderId: v.orderId,
      methodId: v.methodId,
      methodKind: v.methodKind,
      token: v.token,
      status: "created",
      amountMinor: v.amountMinor,
      discountMinor: v.discountMinor,
      currency: v.currency,
      expiresAt: v.expiresAt,
      createdBy: v.createdBy,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
    })
    .returning(),
);

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
  const [method] = await methodOfMerchant(tx, { methodId, merchantId: order.merchantId });
  if (!method) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  if (!method.enabled)
    throw new DomainError("INVALID_STATE", "methodDisabled", "This payment method is switched off");
  // A method saved before its provider's currencies were checked may still list another.
  if (
    !method.currencies.includes(order.currency) ||
    currenciesRefused(method.kind, [order.currency]).length > 0
  ) {
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
    await insertAttemptRow(tx, {
      merchantId: order.merchantId,
      orderId: order.id,
      methodId: method.id,
      methodKind: method.kind,
      token: newPayToken(),
      amountMinor,
      discountMinor,
      currency: order.currency,
      expiresAt: new Date(now.getTime() + method.requestTtlSeconds * 1000),
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    }),
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
