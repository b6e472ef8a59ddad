import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { paymentMethods, reconDays, reconDifferences, statementLines, vouchers } from "@/db/schema";
import { setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { testEncryptionKey } from "@/test/fixtures";
import {
  payableOrder,
  postNotification,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { chinaTime } from "@/server/connectors/wechat-pay/wechat-bill.logic";
import { confirmSandboxPayment } from "@/server/connectors/sandbox/sandbox-wallet.service";
import type { Delivery } from "@/server/connectors/types";
import { setSandboxBehaviour } from "@/server/payments/payment-method.service";
import { requestRefund } from "@/server/refunds/refund.service";
import { localDate } from "@/server/time/local-date.logic";
import { closeDay } from "./recon-day.service";
import { resolveDifference } from "./recon-difference.service";
import type { ResolveDifferenceInput } from "./recon.schema";
import { downloadAndImport } from "./statement-download.service";

/*
 * The whole 对账 flow on one machine, as the issue asks: the sandbox wallet plays the provider.
 * Orders are paid in the wallet, one notification is lost, a refund is left unsettled on our
 * side, the wallet's statement charges a drifted fee, leaves a payment out and changes one
 * amount; the day's statement is downloaded and imported, every kind of difference shows once
 * with its amounts, "ask the provider and apply" settles the lost payment exactly once, the
 * rest are resolved with notes, and the day closes with the statement's figures.
 */

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
const deliveries: Delivery[] = [];
const refundDeps = { ...testProviders, deliver: (d: Delivery) => deliveries.push(d) };

beforeAll(async () => {
  seed = await seedPayments(db, "Recon flow");
});

/** Posts what the wallet has sent so far, as its server would. */
async function deliverAll() {
  for (const d of deliveries.splice(0)) {
    const response = await postNotification(db, d.methodId, {
      rawBody: d.body,
      headers: d.headers,
    });
    expect(response.status).toBe(200);
  }
}

/** An order paid in the wallet: its notification applied, or lost (`no_callback`). */
async function paidInWallet(amountMinor: bigint, outcome: "pay" | "no_callback" = "pay") {
  const { order, attempt } = await payableOrder(db, seed, amountMinor);
  await confirmSandboxPayment(
    db,
    { token: attempt.token, pin: "123456", outcome },
    testEncryptionKey,
    (d) => deliveries.push(d),
  );
  await deliverAll();
  // The wallet lists a day's payments by time: each one a later millisecond than the last.
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { order, attempt };
}

async function setRefundOutcome(outcome: "succeed" | "query_only") {
  await db
    .update(paymentMethods)
    .set({
      config: sql`${paymentMethods.config} || ${JSON.stringify({ refundOutcome: outcome })}::jsonb`,
    })
    .where(eq(paymentMethods.id, seed.sandbox.id));
}

const refund = (orderId: string, amountMinor: bigint) =>
  requestRefund(
    db,
    { actor: seed.manager, role: "manager" },
    seed.merchant.id,
    { orderId, amountMinor, reason: "customer_request" },
    refundDeps,
  );

const differencesOf = (methodId: string) =>
  db.select().from(reconDifferences).where(eq(reconDifferences.methodId, methodId));

describe("reconciling the sandbox wallet's statement, end to end", () => {
  it("shows every difference once, settles the lost payment once, and closes the day", async () => {
    // The first payment of the day is the one the wallet's statement leaves out.
    const omitted = await paidInWallet(100n);
    // 0.6% of 100.00: 60 fen here, 70 at the wallet (its fee drifted by 10 bp).
    const big = await paidInWallet(10_000n);
    const refunded = await paidInWallet(100n);
    const unsettledRefund = await paidInWallet(100n);
    const lost = await paidInWallet(100n, "no_callback");
    // The last payment of the day is the one whose amount the statement changes.
    const changed = await paidInWallet(100n);

    await setRefundOutcome("succeed");
    await refund(refunded.order.id, 50n);
    await deliverAll();
    // Refunded at the wallet, told only when asked: still pending on our side.
    await setRefundOutcome("query_only");
    const pending = await refund(unsettledRefund.order.id, 100n);
    expect(pending.status).toBe("pending");

    await setSandboxBehaviour(db, seed.manager, seed.merchant.id, seed.sandbox.id, {
      duplicateDeliveries: false,
      outOfOrderDeliveries: false,
      statementQuirks: { feeDriftBps: 10, omitOne: true, changeAmountOfOne: true },
    });

    const chinaDay = chinaTime(new Date()).slice(0, 10);
    const download = () =>
      downloadAndImport(
        db,
        seed.manager,
        seed.merchant.id,
        { methodId: seed.sandbox.id, day: chinaDay },
        testProviders,
      );
    const { statementId } = await download();
    // The same day's file again is the same file: refused, nothing counted twice.
    await expectDomainError(download(), "CONFLICT", "statementAlreadyImported");

    const found = await differencesOf(seed.sandbox.id);
    const byKind = Object.fromEntries(found.map((d) => [d.kind, d]));
    expect(found.map((d) => d.kind).sort()).toEqual([
      "amount_mismatch",
      "fee_mismatch",
      "missing_here",
      "missing_there",
      "refund_mismatch",
    ]);
    expect(byKind.missing_there).toMatchObject({
      attemptId: omitted.attempt.id,
      ourAmountMinor: 100n,
      theirAmountMinor: null,
    });
    expect(byKind.fee_mismatch).toMatchObject({
      attemptId: big.attempt.id,
      ourFeeMinor: 60n,
      theirFeeMinor: 70n,
    });
    expect(byKind.amount_mismatch).toMatchObject({
      attemptId: changed.attempt.id,
      ourAmountMinor: 100n,
      theirAmountMinor: 101n,
    });
    expect(byKind.missing_here).toMatchObject({
      attemptId: lost.attempt.id,
      theirAmountMinor: 100n,
    });
    expect(byKind.refund_mismatch).toMatchObject({
      refundId: pending.id,
      ourAmountMinor: 100n,
      theirAmountMinor: 100n,
    });
    const lines = await db
      .select()
      .from(statementLines)
      .where(eq(statementLines.statementId, statementId));
    // Five payments (one left out) and two refunds; the refund that went through matches.
    expect(lines).toHaveLength(7);
    expect(lines.filter((l) => l.state === "matched")).toHaveLength(3);

    const day = localDate(new Date(), seed.merchant.timeZone);
    const close = () =>
      closeDay(db, seed.manager, seed.merchant.id, { methodId: seed.sandbox.id, day });
    await expectDomainError(close(), "INVALID_STATE", "reconDayNotReady");

    // Asked twice at once: the lost payment is applied once, with one voucher.
    const resolve = (
      differenceId: string,
      action: ResolveDifferenceInput["action"],
      note?: string,
    ) =>
      resolveDifference(
        db,
        seed.manager,
        seed.merchant.id,
        { differenceId, action, note },
        { providers: testProviders },
      );
    const asks = [
      () => resolve(byKind.missing_here!.id, "applied_by_query"),
      () => resolve(byKind.missing_here!.id, "applied_by_query"),
    ];
    const results = await Promise.allSettled(asks.map((ask) => ask()));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const issued = await db.select().from(vouchers).where(eq(vouchers.orderId, lost.order.id));
    expect(issued).toHaveLength(1);

    await resolve(byKind.missing_there!.id, "accepted", "Paid at the wallet after its cut-off");
    await resolve(byKind.fee_mismatch!.id, "fee_rule_corrected", "The wallet's rate is 0.70%");
    await resolve(byKind.amount_mismatch!.id, "provider_error", "Asked the wallet to correct it");
    await resolve(byKind.refund_mismatch!.id, "accepted", "Refund confirmed by phone");

    await close();
    const [closed] = await db
      .select()
      .from(reconDays)
      .where(and(eq(reconDays.methodId, seed.sandbox.id), eq(reconDays.day, day)));
    const paymentLines = lines.filter((l) => l.kind === "payment");
    const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
    expect(closed).toMatchObject({
      status: "closed",
      // 100.00 + 1.00 + 1.00 + 1.00 (the lost one) + 1.01 (as the wallet wrote it).
      grossMinor: 10_401n,
      refundsMinor: 150n,
      theirFeesMinor: sum(lines.map((l) => l.feeMinor)),
      lineCount: lines.length,
    });
    expect(sum(paymentLines.map((l) => l.amountMinor))).toBe(10_401n);
    await expectDomainError(close(), "INVALID_STATE", "reconDayAlreadyClosed");
  });
});
