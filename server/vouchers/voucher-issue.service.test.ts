import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, orders, outbox, paymentAmountMonthlyRollups, vouchers } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { notify, payableOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import { paidVoucher } from "@/test/vouchers";
import { verifyAuditChain } from "@/server/audit/audit.service";
import { customerEmailTopic } from "@/server/notices/customer-notice.logic";
import { createAttempt } from "@/server/payments/payment-request.service";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder } from "@/server/payments/order.service";
import { testProviders } from "@/test/payments";
import { issueVoucherForOrder } from "./voucher-issue.service";

const { db } = setupTestDatabase();
let a: PaymentsSeed;

beforeAll(async () => {
  a = await seedPayments(db, "Issue");
});

/** The insert's failure on the code's unique key, as either engine's driver reports it. */
function codeTaken(err: unknown) {
  const cause = (err as { cause?: { code?: string; constraint?: string; message?: string } }).cause;
  return cause?.code === "23505" && /vouchers_code/.test(cause.constraint ?? cause.message ?? "");
}

async function voucherOf(orderId: string) {
  return db.select().from(vouchers).where(eq(vouchers.orderId, orderId));
}

async function issueAuditOf(voucherId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "voucher.issue"), eq(auditLog.entityId, voucherId)));
}

describe(`a voucher written at the payment's commit (${engine})`, () => {
  it("audits what the row holds: uses, expiry (whole days from the payment) and store", async () => {
    const { order, voucher } = await paidVoucher(db, a, {
      uses: 4,
      validDays: 30,
      storeOnly: true,
    });
    const [paid] = await db.select().from(orders).where(eq(orders.id, order.id));
    expect(voucher.expiresAt!.getTime() - paid!.paidAt!.getTime()).toBe(30 * 86_400_000);
    const audit = await issueAuditOf(voucher.id);
    expect(audit.map((row) => row.after)).toEqual([
      {
        orderId: order.id,
        uses: 4,
        expiresAt: voucher.expiresAt!.toISOString(),
        storeId: a.store.id,
      },
    ]);

    const defaults = await paidVoucher(db, a);
    expect(defaults.voucher).toMatchObject({ usesTotal: 1, usesLeft: 1, storeId: null });
    expect((await issueAuditOf(defaults.voucher.id)).map((row) => row.after)).toEqual([
      { orderId: defaults.order.id, uses: 1, expiresAt: null, storeId: null },
    ]);
    expect(await verifyAuditChain(db, a.merchant.id)).toBeNull();
  });

  it("links the voucher from the success e-mail queued in the same transaction", async () => {
    const order = await createOrder(
      db,
      a.staff,
      a.merchant.id,
      createOrderInput.parse({
        storeId: a.store.id,
        currency: "CNY",
        amountMinor: 1200,
        customerContact: "buyer@example.com",
      }),
    );
    const attempt = await createAttempt(
      db,
      a.staff,
      a.merchant.id,
      { orderId: order.id, methodId: a.sandbox.id },
      testProviders,
    );
    await notify(db, a.sandbox.id, attempt);
    const [voucher] = await voucherOf(order.id);
    const mails = await db
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(
        and(eq(outbox.topic, customerEmailTopic), sql`${outbox.payload}->>'orderId' = ${order.id}`),
      );
    expect(mails.map((m) => (m.payload as { receiptCode: string | null }).receiptCode)).toEqual([
      voucher!.code,
    ]);
  });

  it("is written by the commit's one statement, with the roll-ups it comes after", async () => {
    const b = await seedPayments(db, "Issue one statement");
    const { order, attempt } = await payableOrder(db, b);
    await notify(db, b.sandbox.id, attempt);
    // cmin: the command, within its transaction, that wrote the row (db/commit-hooks.test.ts).
    const [voucher] = await db
      .select({ command: sql<number>`cmin::text::int` })
      .from(vouchers)
      .where(eq(vouchers.orderId, order.id));
    const rollups = await db
      .select({ command: sql<number>`cmin::text::int` })
      .from(paymentAmountMonthlyRollups)
      .where(eq(paymentAmountMonthlyRollups.merchantId, b.merchant.id));
    expect(rollups.length).toBeGreaterThan(0);
    expect(rollups.map((r) => r.command)).toEqual(rollups.map(() => voucher!.command));
  });

  it("rolls the payment back loudly when its code is taken by commit, and a retry issues another", async () => {
    const taken = await paidVoucher(db, a);
    const { order, attempt } = await payableOrder(db, a);
    let drawn = "";
    await expect(
      db.transaction(async (tx) => {
        const voucher = await issueVoucherForOrder(tx, a.staff, order, new Date(), {
          uses: 1,
          validDays: null,
          storeOnly: false,
        });
        drawn = voucher.code;
        // Another voucher holds the code drawn by the time the row is written at commit.
        await tx.update(vouchers).set({ code: drawn }).where(eq(vouchers.id, taken.voucher.id));
      }),
    ).rejects.toSatisfy(codeTaken);
    // Nothing of the transaction stayed: no voucher, no audit row, the other voucher as it was.
    expect(await voucherOf(order.id)).toEqual([]);
    expect(
      await db
        .select()
        .from(auditLog)
        .where(sql`${auditLog.after}->>'orderId' = ${order.id}`),
    ).toEqual([]);
    expect((await voucherOf(taken.order.id))[0]!.code).toBe(taken.voucher.code);

    // The provider repeats the notification it got no acknowledgement for.
    await notify(db, a.sandbox.id, attempt);
    const [issued] = await voucherOf(order.id);
    expect(issued!.code).not.toBe(drawn);
    expect(await issueAuditOf(issued!.id)).toHaveLength(1);
    expect(await verifyAuditChain(db, a.merchant.id)).toBeNull();
  });
});
