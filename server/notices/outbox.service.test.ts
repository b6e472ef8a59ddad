import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { outbox } from "@/db/schema";
import {
  newOrder,
  notify,
  orderState,
  payableOrder,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { giveCustomerEmail } from "@/test/customer-email";
import { engine, setupTestDatabase } from "@/test/db";
import { markOrderRecovered } from "@/server/failures/failure-log.service";
import { payCash } from "@/server/payments/cash.service";
import { createAttempt } from "@/server/payments/payment-request.service";
import { outboxConsumers } from "./outbox-delivery.service";
import { outboxTopics } from "./outbox.logic";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "Outbox");
});

const successEmails = async (orderId: string) =>
  (await orderState(db, orderId)).outbox.filter(
    (m) => (m.payload as { kind?: string }).kind === "payment_succeeded",
  );

describe("outbox topics", () => {
  it("gives every listed topic a consumer, and no consumer to an unlisted one", () => {
    expect(Object.keys(outboxConsumers).sort()).toEqual([...outboxTopics].sort());
  });
});

describe(`outbox: the paid transition's e-mail (${engine})`, () => {
  it("queues the success e-mail once when the order is paid, not again for a duplicate success", async () => {
    const { order, attempt: first } = await payableOrder(db, seed);
    await giveCustomerEmail(db, order.id);
    // The customer scanned again: the new request replaces the first, which is paid too.
    const second = await createAttempt(
      db,
      seed.staff,
      seed.merchant.id,
      { orderId: order.id, methodId: seed.sandbox.id },
      testProviders,
    );
    const { event } = await notify(db, seed.sandbox.id, second);
    await notify(db, seed.sandbox.id, second, { eventId: event.eventId });
    await notify(db, seed.sandbox.id, first);

    const state = await orderState(db, order.id);
    expect(state.attempts.map((a) => [a.status, a.isDuplicate])).toEqual([
      ["succeeded", true],
      ["succeeded", false],
    ]);
    expect(state.outbox).toHaveLength(1);
    expect(state.outbox[0]).toMatchObject({
      topic: "customer.email",
      state: "pending",
      dedupeKey: `payment_succeeded:${second.id}`,
      payload: { kind: "payment_succeeded", to: "buyer@example.com", attemptId: second.id },
    });
  });

  it("queues it for a cash payment, which has no failure to recover", async () => {
    const order = await newOrder(db, seed, 1500n);
    await giveCustomerEmail(db, order.id, "cash.buyer@example.com");
    const { attemptId } = await payCash(db, seed.staff, seed.merchant.id, {
      orderId: order.id,
      methodId: seed.cash.id,
      tenderedMinor: 2000n,
    });
    const emails = await successEmails(order.id);
    expect(emails.map((m) => m.payload)).toEqual([
      expect.objectContaining({ attemptId, to: "cash.buyer@example.com", amountMinor: "1500" }),
    ]);
  });

  it("leaves nothing in the outbox for a customer without an e-mail address", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    await notify(db, seed.sandbox.id, attempt);
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.outbox).toEqual([]);
  });

  it("queues nothing when failures are marked recovered: the e-mail belongs to the transition", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    await giveCustomerEmail(db, order.id);
    await db.transaction((tx) => markOrderRecovered(tx, order.id, attempt, new Date()));
    expect(await successEmails(order.id)).toEqual([]);
  });

  it("writes no topic that has no consumer", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    await giveCustomerEmail(db, order.id);
    await notify(db, seed.sandbox.id, attempt, { outcome: "failed" });
    const retry = await createAttempt(
      db,
      seed.staff,
      seed.merchant.id,
      { orderId: order.id, methodId: seed.sandbox.id },
      testProviders,
    );
    await notify(db, seed.sandbox.id, retry);
    const topics = await db.selectDistinct({ topic: outbox.topic }).from(outbox);
    expect(topics.length).toBeGreaterThan(0);
    for (const { topic } of topics) expect(outboxTopics).toContain(topic);
    const kinds = (await orderState(db, order.id)).outbox.map(
      (m) => (m.payload as { kind: string }).kind,
    );
    expect(kinds.sort()).toEqual(["payment_failed", "payment_succeeded"]);
    // Nothing is left pending for want of a reader.
    const [unread] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(sql`${outbox.topic} <> all(${sql.param([...outboxTopics])}::text[])`);
    expect(Number(unread?.n)).toBe(0);
  });
});
