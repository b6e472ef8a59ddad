import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { outbox, paymentAttempts, paymentFailures } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import {
  newOrder,
  notify,
  postNotification,
  seedPayments,
  signedNotification,
  providerEvent,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { customerEmailTopic } from "@/server/notices/customer-notice.logic";
import { payCash } from "@/server/payments/cash.service";
import { expireOverdue } from "@/server/payments/expiry.service";
import { createAttempt } from "@/server/payments/payment-request.service";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder } from "@/server/payments/order.service";
import { failurePages, getFailure, listFailures } from "./failure-query.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "Failures");
});

function orderWithContact(customerContact: string, amountMinor = 2500n) {
  return createOrder(
    db,
    seed.staff,
    seed.merchant.id,
    createOrderInput.parse({
      storeId: seed.store.id,
      currency: "CNY",
      amountMinor,
      customerContact,
    }),
  );
}

function request(orderId: string, methodId = seed.sandbox.id) {
  return createAttempt(db, seed.staff, seed.merchant.id, { orderId, methodId }, testProviders);
}

const failuresOf = (orderId: string) =>
  db.select().from(paymentFailures).where(eq(paymentFailures.orderId, orderId));

const messagesOf = (orderId: string) =>
  db
    .select()
    .from(outbox)
    .where(
      and(eq(outbox.topic, customerEmailTopic), sql`${outbox.payload}->>'orderId' = ${orderId}`),
    );

describe(`failure log: recording (${engine})`, () => {
  it("records a provider's refusal with reason, raw code, method, store, staff, amount and contact", async () => {
    const order = await orderWithContact("buyer@example.com");
    const attempt = await request(order.id);
    await notify(db, seed.sandbox.id, attempt, { outcome: "failed" });

    const [failure, ...more] = await failuresOf(order.id);
    expect(more).toEqual([]);
    expect(failure).toMatchObject({
      merchantId: seed.merchant.id,
      kind: "failed",
      attemptId: attempt.id,
      reason: "insufficient_funds",
      providerCode: "INSUFFICIENT_BALANCE",
      providerMessage: "Balance is not enough for this payment",
      methodId: seed.sandbox.id,
      methodKind: "sandbox",
      storeId: seed.store.id,
      staffUserId: seed.people.staff.id,
      amountMinor: 2500n,
      currency: "CNY",
      customerContact: "buyer@example.com",
      recoveredAt: null,
    });
    // The customer is told, through the outbox, in the same transaction.
    const [message] = await messagesOf(order.id);
    expect(message).toMatchObject({
      state: "pending",
      dedupeKey: `payment_failed:${attempt.id}`,
      payload: { kind: "payment_failed", to: "buyer@example.com", reason: "insufficient_funds" },
    });
  });

  it("marks the failure recovered when the same order is paid another way, with amount and time", async () => {
    const order = await orderWithContact("buyer@example.com", 3000n);
    const failedAttempt = await request(order.id);
    await notify(db, seed.sandbox.id, failedAttempt, { outcome: "failed" });
    const { attemptId } = await payCash(db, seed.staff, seed.merchant.id, {
      orderId: order.id,
      methodId: seed.cash.id,
      tenderedMinor: 3000n,
    });

    const [failure] = await failuresOf(order.id);
    expect(failure!.recoveredAt).toBeInstanceOf(Date);
    expect(failure!.recoveredAmountMinor).toBe(3000n);
    expect(failure!.recoveredAttemptId).toBe(attemptId);
    const kinds = (await messagesOf(order.id)).map((m) => (m.payload as { kind: string }).kind);
    expect(kinds.sort()).toEqual(["payment_failed", "payment_succeeded"]);
  });

  it("marks a failure recovered by a retry with the same method", async () => {
    const order = await newOrder(db, seed);
    const first = await request(order.id);
    await notify(db, seed.sandbox.id, first, { outcome: "failed" });
    const second = await request(order.id);
    await notify(db, seed.sandbox.id, second);
    const [failure] = await failuresOf(order.id);
    expect(failure!.recoveredAttemptId).toBe(second.id);
  });

  it("does not mark a failure recovered when another order is paid", async () => {
    const failedOrder = await newOrder(db, seed, 4000n);
    const attempt = await request(failedOrder.id);
    await notify(db, seed.sandbox.id, attempt, { outcome: "failed" });
    const otherOrder = await newOrder(db, seed, 4000n);
    await payCash(db, seed.staff, seed.merchant.id, {
      orderId: otherOrder.id,
      methodId: seed.cash.id,
      tenderedMinor: 4000n,
    });
    const [failure] = await failuresOf(failedOrder.id);
    expect(failure!.recoveredAt).toBeNull();
    expect(await failuresOf(otherOrder.id)).toEqual([]);
  });

  it("records expiries by the job and by a new request replacing an overdue one, without e-mail", async () => {
    const order = await orderWithContact("buyer@example.com");
    const attempt = await request(order.id);
    await expireOverdue(db, new Date(attempt.expiresAt.getTime() + 1000));

    const replaced = await request(order.id);
    await db
      .update(paymentAttempts)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(paymentAttempts.id, replaced.id));
    await request(order.id);

    const failures = await failuresOf(order.id);
    expect(failures.map((f) => [f.attemptId, f.kind, f.reason]).sort()).toEqual(
      [
        [attempt.id, "expired", "expired"],
        [replaced.id, "expired", "expired"],
      ].sort(),
    );
    expect(await messagesOf(order.id)).toEqual([]);
  });

  it("records a notification claiming another amount, against its order", async () => {
    const order = await newOrder(db, seed, 5000n);
    const attempt = await request(order.id);
    await notify(db, seed.sandbox.id, attempt, { amountMinor: 1n });
    const [failure] = await failuresOf(order.id);
    expect(failure).toMatchObject({
      kind: "amount_mismatch",
      reason: "amount_mismatch",
      attemptId: attempt.id,
      providerCode: "AMOUNT_MISMATCH",
      amountMinor: 5000n,
    });
    expect(failure!.notificationId).not.toBeNull();
  });

  it("records a notification that fails verification, trusting nothing in its body", async () => {
    const order = await newOrder(db, seed);
    const attempt = await request(order.id);
    const delivery = await signedNotification(db, seed.sandbox.id, providerEvent(attempt));
    const response = await postNotification(db, seed.sandbox.id, {
      ...delivery,
      rawBody: delivery.rawBody.replace('"succeeded"', '"failed"'),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    const rejected = await db
      .select()
      .from(paymentFailures)
      .where(
        and(
          eq(paymentFailures.merchantId, seed.merchant.id),
          eq(paymentFailures.kind, "notification_rejected"),
        ),
      );
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      orderId: null,
      attemptId: null,
      methodId: seed.sandbox.id,
      providerCode: "NOTIFICATION_REJECTED",
    });
    expect(await failuresOf(order.id)).toEqual([]);
  });

  it("sends nothing to a customer who left a phone number", async () => {
    const order = await orderWithContact("+86 138 0000 0000");
    const attempt = await request(order.id);
    await notify(db, seed.sandbox.id, attempt, { outcome: "failed" });
    expect(await failuresOf(order.id)).toHaveLength(1);
    expect(await messagesOf(order.id)).toEqual([]);
  });
});

describe(`failure log: list, detail and export (${engine})`, () => {
  let other: PaymentsSeed;
  beforeAll(async () => {
    other = await seedPayments(db, "Other");
    const order = await newOrder(db, other);
    const attempt = await createAttempt(
      db,
      other.staff,
      other.merchant.id,
      { orderId: order.id, methodId: other.sandbox.id },
      testProviders,
    );
    await notify(db, other.sandbox.id, attempt, { outcome: "failed" });
  });

  it("lists newest first, one merchant's only, and pages with a cursor without overlap", async () => {
    const all = await listFailures(db, seed.merchant.id, "owner", { limit: 100 });
    expect(all.total).toBe(all.rows.length);
    expect(
      all.rows.every((r) => r.methodLabel !== null || r.kind === "notification_rejected"),
    ).toBe(true);
    const times = all.rows.map((r) => r.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const first = await listFailures(db, seed.merchant.id, "owner", { limit: 3 });
    const second = await listFailures(db, seed.merchant.id, "owner", {
      limit: 3,
      cursor: first.nextCursor!,
    });
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(
      all.rows.slice(0, 6).map((r) => r.id),
    );
    const otherRows = await listFailures(db, other.merchant.id, "owner", {});
    expect(otherRows.rows).toHaveLength(1);
    expect(all.rows.map((r) => r.id)).not.toContain(otherRows.rows[0]!.id);
  });

  it("filters by reason, kind, method, store, recovery and local date", async () => {
    const all = (await listFailures(db, seed.merchant.id, "owner", { limit: 100 })).rows;
    const count = async (f: Parameters<typeof listFailures>[3]) =>
      (await listFailures(db, seed.merchant.id, "owner", { ...f, limit: 100 })).rows.length;
    expect(await count({ reason: "insufficient_funds" })).toBe(
      all.filter((r) => r.reason === "insufficient_funds").length,
    );
    expect(await count({ kind: "expired" })).toBe(2);
    expect(await count({ recovered: "yes" })).toBe(2);
    expect(await count({ recovered: "no" })).toBe(all.length - 2);
    expect(await count({ methodKind: "cash" })).toBe(0);
    expect(await count({ storeId: seed.store.id })).toBe(all.filter((r) => r.storeName).length);
    expect(await count({ from: "2000-01-01", to: "2000-01-02" })).toBe(0);
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(
      new Date(),
    );
    expect(await count({ from: today, to: today })).toBe(all.length);
  });

  it("hides the customer's contact from analysts", async () => {
    const withContact = (
      await listFailures(db, seed.merchant.id, "staff", { limit: 100 })
    ).rows.find((r) => r.customerContact)!;
    expect(withContact.customerContact).toMatch(/buyer@example\.com|\+86/);
    const asAnalyst = await getFailure(db, seed.merchant.id, "analyst", withContact.id);
    expect(asAnalyst.customerContact).toBeNull();
    expect(asAnalyst.orderNumber).toBe(withContact.orderNumber);
  });

  it("refuses another merchant's failure record", async () => {
    const theirs = (await listFailures(db, other.merchant.id, "owner", {})).rows[0]!;
    await expect(getFailure(db, seed.merchant.id, "owner", theirs.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("pages the filtered log for the export, without the contact for an analyst", async () => {
    const rows = [];
    for await (const page of failurePages(
      db,
      seed.merchant.id,
      "analyst",
      { kind: "expired" },
      "Asia/Shanghai",
    ))
      rows.push(...page);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => [r.kind, r.reason])).toEqual([
      ["expired", "expired"],
      ["expired", "expired"],
    ]);
    expect(rows.every((r) => r.customerContact === null)).toBe(true);
  });
});
