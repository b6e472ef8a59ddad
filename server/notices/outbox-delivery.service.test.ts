import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, outbox, vouchers } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { notify, seedPayments, testProviders, type PaymentsSeed } from "@/test/payments";
import { payCash } from "@/server/payments/cash.service";
import { createAttempt } from "@/server/payments/payment-request.service";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder } from "@/server/payments/order.service";
import { customerEmailTopic } from "./customer-notice.logic";
import { smtpMailer } from "./mailer";
import { maxDeliveryTries } from "./outbox-delivery.logic";
import {
  deliverDueMessages,
  listCustomerNotices,
  resendCustomerNotice,
  stuckAfterMs,
} from "./outbox-delivery.service";
import { bodyText, startTestSmtpServer } from "@/test/smtp-server";

const publicUrl = "https://shop.example";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let mailer: ReturnType<typeof smtpMailer>;

beforeAll(async () => {
  seed = await seedPayments(db, "Mail");
  smtp = await startTestSmtpServer();
  mailer = smtpMailer(smtp.url, "Shop <receipts@shop.example>");
});
afterAll(async () => {
  await smtp.close();
});

/** An order with an e-mail contact whose sandbox payment fails: one message queued. */
async function failedPayment(to: string) {
  const order = await createOrder(
    db,
    seed.staff,
    seed.merchant.id,
    createOrderInput.parse({
      storeId: seed.store.id,
      currency: "CNY",
      amountMinor: 1250n,
      customerContact: to,
    }),
  );
  const attempt = await createAttempt(
    db,
    seed.staff,
    seed.merchant.id,
    { orderId: order.id, methodId: seed.sandbox.id },
    testProviders,
  );
  await notify(db, seed.sandbox.id, attempt, { outcome: "failed" });
  const [message] = await db
    .select()
    .from(outbox)
    .where(
      and(eq(outbox.topic, customerEmailTopic), sql`${outbox.payload}->>'orderId' = ${order.id}`),
    );
  return { order, attempt, message: message! };
}

const rowOf = async (id: string) => (await db.select().from(outbox).where(eq(outbox.id, id)))[0]!;
const mailsTo = (to: string) => smtp.received.filter((m) => m.to.includes(to));
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

describe(`customer e-mail delivery (${engine})`, () => {
  it("leaves messages waiting when no mail server is configured", async () => {
    const { message } = await failedPayment("wait@example.com");
    expect(await deliverDueMessages(db, null, { publicUrl })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
      skipped: 0,
    });
    expect(await rowOf(message.id)).toMatchObject({ state: "pending", tries: 0 });
    const listed = await listCustomerNotices(db, seed.merchant.id, { state: "pending" });
    expect(listed.rows.map((r) => r.id)).toContain(message.id);
  });

  it("sends the failure e-mail in the shop's language, with the reason and the retry link", async () => {
    const { message, attempt, order } = await failedPayment("zh@example.com");
    await deliverDueMessages(db, mailer, { publicUrl, now: later(message.nextTryAt, 1) });
    const [mail, ...more] = mailsTo("zh@example.com");
    expect(more).toEqual([]);
    expect(mail!.from).toBe("receipts@shop.example");
    expect(mail!.data).toContain(`Message-ID: <${message.id}@outbox.hexiao>`);
    const text = bodyText(mail!);
    expect(text).toContain(`${publicUrl}/pay/${attempt.token}`);
    expect(text).toContain(order.number);
    // The shop's language (the seed merchant's default, Chinese), with the reason's own words.
    expect(text).toContain("余额");
    expect(text).toContain("¥12.50");
    expect(await rowOf(message.id)).toMatchObject({ state: "sent", tries: 1, lastError: null });
  });

  it("retries a refused message with growing waits, then sends it once", async () => {
    const { message } = await failedPayment("retry@example.com");
    smtp.refuseNext(2, "451 4.3.0 Try again later");
    const t0 = later(message.nextTryAt, 1);

    expect((await deliverDueMessages(db, mailer, { publicUrl, now: t0 })).retrying).toBe(1);
    const first = await rowOf(message.id);
    expect(first).toMatchObject({ state: "pending", tries: 1 });
    expect(first.lastError).toMatch(/451/);
    const wait1 = first.nextTryAt.getTime() - Date.now();
    expect(wait1).toBeGreaterThan(25_000);
    expect(wait1).toBeLessThanOrEqual(30_000);

    // Not due yet: nothing is claimed.
    expect((await deliverDueMessages(db, mailer, { publicUrl, now: t0 })).retrying).toBe(0);

    await deliverDueMessages(db, mailer, { publicUrl, now: later(first.nextTryAt, 1) });
    const second = await rowOf(message.id);
    expect(second).toMatchObject({ state: "pending", tries: 2 });
    const wait2 = second.nextTryAt.getTime() - Date.now();
    expect(wait2).toBeGreaterThan(55_000);
    expect(wait2).toBeLessThanOrEqual(60_000);

    await deliverDueMessages(db, mailer, { publicUrl, now: later(second.nextTryAt, 1) });
    expect(await rowOf(message.id)).toMatchObject({ state: "sent", tries: 3 });
    await deliverDueMessages(db, mailer, { publicUrl, now: later(second.nextTryAt, 3_600_000) });
    expect(mailsTo("retry@example.com")).toHaveLength(1);
  });

  it("gives up at once on a permanent refusal, and after the last try on temporary ones", async () => {
    const { message } = await failedPayment("gone@example.com");
    smtp.refuseNext(1, "550 5.1.1 No such mailbox");
    await deliverDueMessages(db, mailer, { publicUrl, now: later(message.nextTryAt, 1) });
    expect(await rowOf(message.id)).toMatchObject({ state: "failed", tries: 1 });

    const { message: other } = await failedPayment("down@example.com");
    await db
      .update(outbox)
      .set({ tries: maxDeliveryTries - 1 })
      .where(eq(outbox.id, other.id));
    smtp.refuseNext(1, "421 4.4.2 Timeout");
    await deliverDueMessages(db, mailer, { publicUrl, now: later(other.nextTryAt, 1) });
    expect(await rowOf(other.id)).toMatchObject({ state: "failed", tries: maxDeliveryTries });
    expect(mailsTo("gone@example.com")).toEqual([]);
  });

  it("never sends a message twice: concurrent workers, and a claim left by a dead worker", async () => {
    const queued = [];
    for (let i = 0; i < 8; i++) queued.push((await failedPayment(`many${i}@example.com`)).message);
    // A worker died after claiming this one: whether it went out is unknown, so it is not resent.
    await db.update(outbox).set({ state: "sending" }).where(eq(outbox.id, queued[0]!.id));
    const now = later(new Date(), 1000);
    await Promise.all([
      deliverDueMessages(db, mailer, { publicUrl, now, batch: 3 }),
      deliverDueMessages(db, mailer, { publicUrl, now, batch: 3 }),
      deliverDueMessages(db, mailer, { publicUrl, now, batch: 3 }),
    ]);
    await deliverDueMessages(db, mailer, { publicUrl, now });
    await deliverDueMessages(db, mailer, { publicUrl, now });
    for (let i = 0; i < 8; i++)
      expect(mailsTo(`many${i}@example.com`)).toHaveLength(i === 0 ? 0 : 1);
    expect(await rowOf(queued[0]!.id)).toMatchObject({ state: "sending" });

    // A person may choose to send the stuck one again, once it has been stuck long enough.
    await expect(
      resendCustomerNotice(db, seed.manager, seed.merchant.id, queued[0]!.id),
    ).rejects.toMatchObject({ messageKey: "messageNotRetryable" });
    const afterStuck = later(new Date(), stuckAfterMs + 1000);
    await resendCustomerNotice(db, seed.manager, seed.merchant.id, queued[0]!.id, afterStuck);
    await deliverDueMessages(db, mailer, { publicUrl, now: later(afterStuck, 1) });
    expect(mailsTo("many0@example.com")).toHaveLength(1);
    const audit = await db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.entityId, queued[0]!.id), eq(auditLog.action, "customer_message.resend")),
      );
    expect(audit).toHaveLength(1);
    // A sent message cannot be sent again.
    await expect(
      resendCustomerNotice(db, seed.manager, seed.merchant.id, queued[1]!.id),
    ).rejects.toMatchObject({ messageKey: "messageNotRetryable" });
  });

  it("drops a failure e-mail whose order was paid before it went out, and sends the receipt", async () => {
    const { order, message } = await failedPayment("paid@example.com");
    await payCash(db, seed.staff, seed.merchant.id, {
      orderId: order.id,
      methodId: seed.cash.id,
      tenderedMinor: 1250n,
    });
    await deliverDueMessages(db, mailer, { publicUrl, now: later(new Date(), 1000) });
    expect(await rowOf(message.id)).toMatchObject({ state: "skipped" });
    const mails = mailsTo("paid@example.com");
    expect(mails).toHaveLength(1);
    expect(bodyText(mails[0]!)).toContain(order.number);
    // The receipt link carries the voucher issued with the payment.
    const [voucher] = await db.select().from(vouchers).where(eq(vouchers.orderId, order.id));
    expect(bodyText(mails[0]!)).toContain(`${publicUrl}/r/${voucher!.code}`);
  });

  it("lists only the merchant's own messages", async () => {
    const other = await seedPayments(db, "Other");
    expect((await listCustomerNotices(db, other.merchant.id, {})).rows).toEqual([]);
    await expect(
      resendCustomerNotice(
        db,
        other.manager,
        other.merchant.id,
        (await failedPayment("x@example.com")).message.id,
      ),
    ).rejects.toMatchObject({ messageKey: "messageNotRetryable" });
  });
});
