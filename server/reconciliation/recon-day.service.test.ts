import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  paymentAttempts,
  reconDays,
  refunds,
  statementLines as statementLinesTable,
} from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError, expectTRPCError } from "@/test/expect";
import { contextFor, labelOf } from "@/test/fixtures";
import {
  notify,
  payableOrder,
  postNotification,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { importedStatement, openDifference, statementLine } from "@/test/reconciliation";
import type { Delivery } from "@/server/connectors/types";
import { requestRefund } from "@/server/refunds/refund.service";
import { addDays, localDate } from "@/server/time/local-date.logic";
import { createCaller } from "@/server/trpc/root";
import { closeDay, getDayClose, listDays } from "./recon-day.service";
import { reopenClosedDays } from "./recon-reopen.service";
import { resolveDifference } from "./recon-difference.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
let other: PaymentsSeed;
const deliveries: Delivery[] = [];
const refundDeps = { ...testProviders, deliver: (d: Delivery) => deliveries.push(d) };
const resolveDeps = { providers: testProviders };

beforeAll(async () => {
  seed = await seedPayments(db, "Close");
  other = await seedPayments(db, "Close other");
});

/** An order paid through the sandbox wallet, and its attempt as stored (fee, time of success). */
async function paid(amountMinor: bigint) {
  const { order, attempt } = await payableOrder(db, seed, amountMinor);
  await notify(db, seed.sandbox.id, attempt);
  const [row] = await db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attempt.id));
  return { order, attempt: row! };
}

/** A manager's refund the wallet settles (its notification posted). */
async function refunded(orderId: string, amountMinor: bigint) {
  const refund = await requestRefund(
    db,
    { actor: seed.manager, role: "manager" },
    seed.merchant.id,
    { orderId, amountMinor, reason: "customer_request" },
    refundDeps,
  );
  for (const d of deliveries.splice(0))
    await postNotification(db, d.methodId, { rawBody: d.body, headers: d.headers });
  const [row] = await db.select().from(refunds).where(eq(refunds.id, refund.id));
  expect(row!.status).toBe("succeeded");
  return row!;
}

const close = (day: string, methodId = seed.sandbox.id) =>
  closeDay(db, seed.manager, seed.merchant.id, { methodId, day });

const auditOf = (action: string, methodId: string, day: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityId, `${methodId}:${day}`)));

const dayRow = async (methodId: string, day: string) =>
  (
    await db
      .select()
      .from(reconDays)
      .where(and(eq(reconDays.methodId, methodId), eq(reconDays.day, day)))
  )[0];

describe(`closing a day (${engine})`, () => {
  it("is refused until covered and clean, then keeps exact figures, once", async () => {
    const a = await paid(1000n);
    const b = await paid(2500n);
    const day = localDate(b.attempt.succeededAt!, seed.merchant.timeZone);
    const refund = await refunded(a.order.id, 300n);

    await expectDomainError(close(day), "INVALID_STATE", "reconDayNotCovered");

    const statement = await importedStatement(db, seed.merchant.id, seed.sandbox.id, day);
    await statementLine(db, statement, {
      kind: "payment",
      day,
      amountMinor: 1000n,
      feeMinor: 6n,
      attemptId: a.attempt.id,
    });
    await statementLine(db, statement, {
      kind: "payment",
      day,
      amountMinor: 2500n,
      feeMinor: 15n,
      attemptId: b.attempt.id,
    });
    await statementLine(db, statement, {
      kind: "refund",
      day,
      amountMinor: 300n,
      feeMinor: -2n,
      refundId: refund.id,
    });
    // A payment we never had: its difference is resolved below, its money still counts.
    const foreign = await statementLine(db, statement, {
      kind: "payment",
      day,
      amountMinor: 700n,
      feeMinor: 4n,
      state: "difference",
    });
    // Brought again by a later statement, and a payout: neither counts.
    await statementLine(db, statement, {
      kind: "payment",
      day,
      amountMinor: 1000n,
      feeMinor: 6n,
      state: "repeat",
    });
    await statementLine(db, statement, {
      kind: "other",
      day,
      amountMinor: 5000n,
      state: "ignored",
    });
    const pending = await statementLine(db, statement, {
      kind: "payment",
      day,
      amountMinor: 1n,
      state: "pending",
    });
    const difference = await openDifference(db, {
      merchantId: seed.merchant.id,
      methodId: seed.sandbox.id,
      day,
      kind: "missing_here",
      lineId: foreign.id,
      theirAmountMinor: 700n,
    });

    const refused = close(day);
    await expectDomainError(refused, "INVALID_STATE", "reconDayNotReady");
    await refused.catch((e: { details: unknown }) =>
      expect(e.details).toEqual({ day, differences: 1, lines: 1 }),
    );
    expect(
      (await getDayClose(db, seed.merchant.id, { methodId: seed.sandbox.id, day })).state,
    ).toBe("open");

    await resolveDifference(
      db,
      seed.manager,
      seed.merchant.id,
      {
        differenceId: difference.id,
        action: "accepted",
        note: "A walk-in paid by scanning the shop's code",
      },
      resolveDeps,
    );
    await db.delete(statementLinesTable).where(eq(statementLinesTable.id, pending.id));
    expect(
      (await getDayClose(db, seed.merchant.id, { methodId: seed.sandbox.id, day })).state,
    ).toBe("ready");

    const closed = await close(day);
    const ourFees = a.attempt.feeMinor! + b.attempt.feeMinor! - refund.feeRefundedMinor!;
    const figures = {
      status: "closed",
      currency: "CNY",
      lineCount: 4,
      grossMinor: 4200n,
      theirFeesMinor: 23n,
      ourFeesMinor: ourFees,
      refundsMinor: 300n,
      netMinor: 3877n,
      closedBy: seed.people.manager.id,
    };
    expect(closed).toMatchObject(figures);
    // The sandbox method settles one day after.
    expect(closed.expectedSettlementDay).toBe(addDays(day, 1));
    expect(await dayRow(seed.sandbox.id, day)).toMatchObject(figures);
    expect(await auditOf("recon.day_closed", seed.sandbox.id, day)).toHaveLength(1);

    const view = await getDayClose(db, seed.merchant.id, { methodId: seed.sandbox.id, day });
    expect(view).toMatchObject({
      state: "closed",
      closedByName: labelOf(seed.people.manager),
      figures: { netMinor: 3877n, grossMinor: 4200n },
    });
    expect(view.differences.map((d) => [d.id, d.status, d.resolution])).toEqual([
      [difference.id, "resolved", "accepted"],
    ]);
    // Matched payments by store: both orders were taken at the seed's one store.
    expect(view.byStore).toEqual([
      { storeId: seed.store.id, storeName: seed.store.name, lineCount: 2, grossMinor: 3500n },
    ]);

    await expectDomainError(close(day), "INVALID_STATE", "reconDayAlreadyClosed");
    expect(await auditOf("recon.day_closed", seed.sandbox.id, day)).toHaveLength(1);

    // A late payment that day re-opens it, with one audit row; so does a refund after a new close.
    await paid(990n);
    expect(await dayRow(seed.sandbox.id, day)).toMatchObject({
      status: "open",
      reopenedReason: "payment",
      netMinor: 3877n,
    });
    expect(await auditOf("recon.day_reopened", seed.sandbox.id, day)).toHaveLength(1);
    await close(day);
    await refunded(b.order.id, 500n);
    expect(await dayRow(seed.sandbox.id, day)).toMatchObject({
      status: "open",
      reopenedReason: "refund",
    });
    expect(await auditOf("recon.day_reopened", seed.sandbox.id, day)).toHaveLength(2);
    // Another payment on the open day writes no audit row of a re-opening.
    await paid(880n);
    expect(await auditOf("recon.day_reopened", seed.sandbox.id, day)).toHaveLength(2);
  });

  it("two closes at once make one close and one audit row", async () => {
    const day = "2026-01-10";
    const statement = await importedStatement(db, seed.merchant.id, seed.sandbox.id, day);
    await statementLine(db, statement, { kind: "payment", day, amountMinor: 1200n, feeMinor: 7n });
    const results = await Promise.allSettled([0, 1].map(() => close(day)));
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({
      code: "INVALID_STATE",
      messageKey: "reconDayAlreadyClosed",
    });
    expect(await dayRow(seed.sandbox.id, day)).toMatchObject({ status: "closed", netMinor: 1193n });
    expect(await auditOf("recon.day_closed", seed.sandbox.id, day)).toHaveLength(1);
  });

  it("a statement imported after the close re-opens the days it brings lines for", async () => {
    const day = "2026-01-11";
    const statement = await importedStatement(db, seed.merchant.id, seed.sandbox.id, day);
    await statementLine(db, statement, { kind: "payment", day, amountMinor: 100n });
    await close(day);
    const reopened = await db.transaction((tx) =>
      reopenClosedDays(tx, seed.manager, seed.merchant.id, seed.sandbox.id, [day, "2026-01-12"]),
    );
    expect(reopened).toEqual([day]);
    expect(await dayRow(seed.sandbox.id, day)).toMatchObject({
      status: "open",
      reopenedReason: "statement",
    });
    expect(await auditOf("recon.day_reopened", seed.sandbox.id, day)).toHaveLength(1);
  });

  it("the calendar shows each day's state for the month", async () => {
    const statement = await importedStatement(
      db,
      seed.merchant.id,
      seed.sandbox.id,
      "2026-02-03",
      "2026-02-05",
    );
    await statementLine(db, statement, { kind: "payment", day: "2026-02-03", amountMinor: 500n });
    await statementLine(db, statement, {
      kind: "payment",
      day: "2026-02-04",
      amountMinor: 600n,
      state: "difference",
    });
    await openDifference(db, {
      merchantId: seed.merchant.id,
      methodId: seed.sandbox.id,
      day: "2026-02-04",
      kind: "amount_mismatch",
    });
    await close("2026-02-03");
    const { methods } = await listDays(db, seed.merchant.id, { month: "2026-02" });
    // Cash has no provider statement: only the sandbox wallet is on the calendar.
    expect(methods.map((m) => m.methodId)).toEqual([seed.sandbox.id]);
    const days = methods[0]!.days;
    expect(days).toHaveLength(28);
    const byDay = Object.fromEntries(days.map((d) => [d.day, d]));
    expect(byDay["2026-02-02"]).toMatchObject({ state: "not_covered", openDifferences: 0 });
    expect(byDay["2026-02-03"]).toMatchObject({ state: "closed", netMinor: 500n, currency: "CNY" });
    expect(byDay["2026-02-04"]).toMatchObject({ state: "open", openDifferences: 1 });
    expect(byDay["2026-02-05"]).toMatchObject({ state: "ready", netMinor: null });
    expect(byDay["2026-02-06"]!.state).toBe("not_covered");
  });
});

describe(`closing through the router (${engine})`, () => {
  const caller = (role: "owner" | "manager" | "staff" | "analyst", s = seed) =>
    createCaller(contextFor(db, s.people[role]));

  it("is for owners and managers; analysts read; another shop's method is not found", async () => {
    const input = { methodId: seed.sandbox.id, day: "2026-03-01" };
    for (const role of ["staff", "analyst"] as const)
      expect((await expectTRPCError(caller(role).reconciliation.close(input))).code).toBe(
        "FORBIDDEN",
      );
    expect(
      (await expectTRPCError(caller("staff").reconciliation.days({ month: "2026-03" }))).code,
    ).toBe("FORBIDDEN");
    const calendar = await caller("analyst").reconciliation.days({ month: "2026-03" });
    expect(calendar.methods).toHaveLength(1);
    expect((await expectTRPCError(caller("owner", other).reconciliation.close(input))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await expectTRPCError(caller("owner", other).reconciliation.dayClose(input))).code,
    ).toBe("NOT_FOUND");
    expect((await expectTRPCError(caller("owner").reconciliation.close(input))).code).toBe(
      "PRECONDITION_FAILED",
    );
  });
});
