import { randomBytes } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import {
  alerts,
  auditLog,
  demoShops,
  notifications,
  orders,
  outbox,
  paymentAttempts,
  paymentMethods,
} from "@/db/schema";
import type { Db } from "@/db/types";
import { seedMerchant, testEncryptionKey } from "./fixtures";
import { systemActor, type Actor } from "@/server/audit/audit.service";
import {
  sandboxSignatureHeader,
  toSandboxBody,
} from "@/server/connectors/sandbox/sandbox.connector";
import { signSandboxNotification } from "@/server/connectors/sandbox/sandbox-signature";
import type { NormalizedEvent } from "@/server/connectors/types";
import { createAttempt } from "@/server/payments/payment-request.service";
import { receiveNotification } from "@/server/payments/notification.service";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder } from "@/server/payments/order.service";
import {
  createPaymentMethodInput,
  type CreatePaymentMethodInput,
} from "@/server/payments/payment-method.schema";
import {
  createPaymentMethod,
  getPaymentMethod,
  initialMethodSecrets,
  loadMethodContext,
} from "@/server/payments/payment-method.service";
import type { ProviderDeps } from "@/server/payments/provider-request.service";

/** Provider deps for tests: the test key, a local public URL, the real fetch (unused by the sandbox). */
export const testProviders: ProviderDeps = {
  key: testEncryptionKey,
  publicUrl: "http://127.0.0.1:3000",
};

/** A valid method form, as the settings page would submit it; `overrides` change fields. */
export function methodInput(
  overrides: Partial<Record<keyof CreatePaymentMethodInput, unknown>> = {},
): CreatePaymentMethodInput {
  return createPaymentMethodInput.parse({
    kind: "sandbox",
    label: "Sandbox wallet",
    enabled: true,
    mode: "sandbox",
    currencies: ["CNY"],
    settlementDelayDays: 1,
    requestTtlSeconds: 900,
    feeRateBps: 60,
    ...overrides,
  });
}

export function actorOf(user: { id: string }): Actor {
  return { userId: user.id, ip: "203.0.113.7", userAgent: "vitest" };
}

/**
 * A sandbox wallet method written straight into the table: the service refuses one in a real
 * shop, yet tests of that shop need one, as a shop that ran with SANDBOX=1 before would have.
 */
async function insertSandboxMethod(db: Db, merchantId: string) {
  const id = crypto.randomUUID();
  const input = methodInput();
  await db.insert(paymentMethods).values({
    id,
    merchantId,
    ...input,
    ...initialMethodSecrets(input.kind, id, testEncryptionKey),
  });
  return getPaymentMethod(db, merchantId, id);
}

/**
 * A merchant (see seedMerchant) with a sandbox wallet method and a cash method. It is a demo
 * shop (where the sandbox wallet may take payments) unless `realShop` is set.
 */
export async function seedPayments(db: Db, label = "Pay", opts: { realShop?: boolean } = {}) {
  const seed = await seedMerchant(db, label);
  if (!opts.realShop) await db.insert(demoShops).values({ merchantId: seed.merchant.id });
  const manager = actorOf(seed.people.manager);
  const sandbox = opts.realShop
    ? await insertSandboxMethod(db, seed.merchant.id)
    : await createPaymentMethod(db, manager, seed.merchant.id, methodInput(), testEncryptionKey);
  const cash = await createPaymentMethod(
    db,
    manager,
    seed.merchant.id,
    methodInput({ kind: "cash", label: "Cash", feeRateBps: 0 }),
    testEncryptionKey,
  );
  return { ...seed, staff: actorOf(seed.people.staff), manager, sandbox, cash };
}
export type PaymentsSeed = Awaited<ReturnType<typeof seedPayments>>;

/** A pending order for a free amount, created by the seed's staff member. */
export function newOrder(db: Db, seed: PaymentsSeed, amountMinor = 1000n, currency = "CNY") {
  return createOrder(
    db,
    seed.staff,
    seed.merchant.id,
    createOrderInput.parse({ storeId: seed.store.id, currency, amountMinor }),
  );
}

/** A payment request on `methodId` for a new order in `currency`, as the counter makes one. */
export async function requestOn(
  db: Db,
  seed: PaymentsSeed,
  methodId: string,
  currency: string,
  amountMinor = 2350n,
) {
  const order = await newOrder(db, seed, amountMinor, currency);
  const attempt = await createAttempt(
    db,
    seed.staff,
    seed.merchant.id,
    { orderId: order.id, methodId },
    testProviders,
  );
  return { order, attempt };
}

/** A pending order with an open payment request on `methodId` (the sandbox method by default). */
export async function payableOrder(
  db: Db,
  seed: PaymentsSeed,
  amountMinor = 1000n,
  methodId = seed.sandbox.id,
  currency = "CNY",
) {
  const order = await newOrder(db, seed, amountMinor, currency);
  const attempt = await createAttempt(
    db,
    seed.staff,
    seed.merchant.id,
    {
      orderId: order.id,
      methodId,
    },
    testProviders,
  );
  return { order, attempt };
}

/** The provider's event for an attempt: a success for its exact amount unless overridden. */
export function providerEvent(
  attempt: { token: string; amountMinor: bigint; currency: string },
  overrides: Partial<NormalizedEvent> = {},
): NormalizedEvent {
  const outcome = overrides.outcome ?? "succeeded";
  return {
    eventId: `EVT-${randomBytes(8).toString("hex")}`,
    attemptToken: attempt.token,
    outcome,
    amountMinor: attempt.amountMinor,
    currency: attempt.currency,
    providerTxnId: outcome === "succeeded" ? `TXN-${randomBytes(8).toString("hex")}` : null,
    failureCode: outcome === "failed" ? "INSUFFICIENT_BALANCE" : null,
    failureMessage: outcome === "failed" ? "Balance is not enough for this payment" : null,
    failureReason: outcome === "failed" ? "insufficient_funds" : null,
    occurredAt: new Date(),
    ...overrides,
  };
}

/** A notification body signed as the sandbox wallet signs it, with the method's own private key. */
export async function signedNotification(
  db: Db,
  methodId: string,
  event: NormalizedEvent,
  opts: { privateKeyPem?: string; timestamp?: number } = {},
) {
  let privateKeyPem = opts.privateKeyPem;
  if (!privateKeyPem) {
    const method = await loadMethodContext(db, methodId, testEncryptionKey);
    privateKeyPem = method!.context.credentials.privateKeyPem!;
  }
  const rawBody = JSON.stringify(toSandboxBody(event));
  return {
    rawBody,
    headers: {
      "content-type": "application/json",
      [sandboxSignatureHeader]: signSandboxNotification(rawBody, privateKeyPem, opts.timestamp),
    } as Record<string, string>,
  };
}

/** What the webhook route does with a POST to /api/webhooks/<provider>/<methodId>. */
export function postNotification(
  db: Db,
  methodId: string,
  delivery: { rawBody: string; headers: Record<string, string> },
  provider = "sandbox",
) {
  return receiveNotification(db, {
    provider,
    methodId,
    rawBody: delivery.rawBody,
    headers: new Headers(delivery.headers),
    key: testEncryptionKey,
    actor: { ...systemActor, ip: "198.51.100.9", userAgent: "sandbox-wallet" },
  });
}

/** Signs and posts a provider event for an attempt in one go; returns the HTTP response. */
export async function notify(
  db: Db,
  methodId: string,
  attempt: { token: string; amountMinor: bigint; currency: string },
  overrides: Partial<NormalizedEvent> = {},
) {
  const event = providerEvent(attempt, overrides);
  const response = await postNotification(
    db,
    methodId,
    await signedNotification(db, methodId, event),
  );
  return { event, response };
}

/** Everything a merchant could see about one order: rows, attempts, inbox, alerts, outbox, audit. */
export async function orderState(db: Db, orderId: string) {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  const attempts = await db
    .select()
    .from(paymentAttempts)
    .where(eq(paymentAttempts.orderId, orderId))
    .orderBy(asc(paymentAttempts.createdAt));
  const inbox = await db
    .select()
    .from(notifications)
    .innerJoin(paymentAttempts, eq(paymentAttempts.id, notifications.attemptId))
    .where(eq(paymentAttempts.orderId, orderId))
    .orderBy(asc(notifications.receivedAt));
  const orderAlerts = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.entityType, "order"), eq(alerts.entityId, orderId)));
  const messages = await db
    .select()
    .from(outbox)
    .where(sql`${outbox.payload}->>'orderId' = ${orderId}`);
  const audit = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "order"), eq(auditLog.entityId, orderId)))
    .orderBy(asc(auditLog.seq));
  return {
    order: order!,
    attempts,
    notifications: inbox.map((r) => r.notifications),
    alerts: orderAlerts,
    outbox: messages,
    audit,
    actions: audit.map((a) => a.action),
  };
}
