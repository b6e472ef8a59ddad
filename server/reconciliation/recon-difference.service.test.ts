import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  paymentAttempts,
  paymentMethodFees,
  paymentMethods,
  reconDifferences,
  statementLines,
  vouchers,
} from "@/db/schema";
import { giveCustomerEmail } from "@/test/customer-email";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError, expectTRPCError } from "@/test/expect";
import { contextFor, testEncryptionKey } from "@/test/fixtures";
import {
  notify,
  orderState,
  payableOrder,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { importedStatement, openDifference, statementLine } from "@/test/reconciliation";
import { confirmSandboxPayment } from "@/server/connectors/sandbox/sandbox-wallet.service";
import { expireOverdue } from "@/server/payments/expiry.service";
import { localDate } from "@/server/time/local-date.logic";
import { createCaller } from "@/server/trpc/root";
import {
  countOpenDifferences,
  listDifferences,
  resolveDifference,
} from "./recon-difference.service";
import type { ResolveDifferenceInput } from "./recon.schema";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
let other: PaymentsSeed;
const deps = { providers: testProviders };

beforeAll(async () => {
  seed = await seedPayments(db, "Resolve");
  other = await seedPayments(db, "Resolve other");
});

const resolve = (input: ResolveDifferenceInput, s = seed) =>
  resolveDifference(db, s.manager, s.merchant.id, input, deps);

const stored = async (id: string) =>
  (await db.select().from(reconDifferences).where(eq(reconDifferences.id, id)))[0]!;

const resolvedAudit = (id: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "recon.difference_resolved"), eq(auditLog.entityId, id)));

/** A statement line of `day` with a difference of `kind` on it, as matching left them. */
async function lineDifference(
  kind: "missing_here" | "amount_mismatch" | "fee_mismatch" | "refund_mismatch",
  day = "2026-04-01",
  more: Partial<typeof reconDifferences.$inferInsert> = {},
) {
  const statement = await importedStatement(db, seed.merchant.id, seed.sandbox.id, day);
  const line = await statementLine(db, statement, {
    kind: kind === "refund_mismatch" ? "refund" : "payment",
    day,
    amountMinor: 1000n,
    feeMinor: 6n,
    state: "difference",
  });
  const difference = await openDifference(db, {
    merchantId: seed.merchant.id,
    methodId: seed.sandbox.id,
    day,
    kind,
    lineId: line.id,
    theirAmountMinor: 1000n,
    ...more,
  });
  return { statement, line, difference };
}

describe(`resolving a difference (${engine})`, () => {
  it("accepted and provider's error need a note; resolved once, audited, kept", async () => {
    const { difference } = await lineDifference("amount_mismatch");
    await expectDomainError(
      resolve({ differenceId: difference.id, action: "accepted" }),
      "VALIDATION",
      "reconNoteRequired",
    );
    await expectDomainError(
      resolve({ differenceId: difference.id, action: "provider_error", note: "   " }),
      "VALIDATION",
      "reconNoteRequired",
    );
    const note = "Tip added at the counter, agreed with the customer";
    await resolve({ differenceId: difference.id, action: "accepted", note });
    expect(await stored(difference.id)).toMatchObject({
      status: "resolved",
      resolution: "accepted",
      resolutionNote: note,
      resolvedBy: seed.people.manager.id,
    });
    const [audit] = await resolvedAudit(difference.id);
    expect(audit).toMatchObject({
      actorUserId: seed.people.manager.id,
      entityType: "recon_difference",
      before: { status: "open", kind: "amount_mismatch" },
      after: { status: "resolved", resolution: "accepted", note },
    });
    await expectDomainError(
      resolve({ differenceId: difference.id, action: "provider_error", note: "again" }),
      "INVALID_STATE",
      "reconDifferenceNotOpen",
    );
    expect(await resolvedAudit(difference.id)).toHaveLength(1);

    const { difference: refund } = await lineDifference("refund_mismatch");
    await resolve({ differenceId: refund.id, action: "provider_error", note: "Ticket 4411" });
    expect(await stored(refund.id)).toMatchObject({
      status: "resolved",
      resolution: "provider_error",
    });
  });

  it("fee rule corrected: only a fee difference; records the rule that stands, keeps the attempts' fees", async () => {
    const { difference: amount } = await lineDifference("amount_mismatch");
    await expectDomainError(
      resolve({ differenceId: amount.id, action: "fee_rule_corrected", note: "rule" }),
      "INVALID_STATE",
      "reconFeeRuleNotForKind",
    );
    const { order, attempt } = await payableOrder(db, seed, 1000n);
    await notify(db, seed.sandbox.id, attempt);
    const [paid] = await db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, attempt.id));
    const { difference } = await lineDifference("fee_mismatch", "2026-04-02", {
      currency: "CNY",
      attemptId: attempt.id,
      orderId: order.id,
      ourFeeMinor: paid!.feeMinor,
      theirFeeMinor: 8n,
    });
    // The person corrected the method's rule (0.6% → 0.8%, and its fixed fee in yuan) on the
    // method's page; its yen amounts are not the difference's.
    await db
      .update(paymentMethods)
      .set({ feeRateBps: 80, currencies: ["CNY", "JPY"] })
      .where(eq(paymentMethods.id, seed.sandbox.id));
    await db.insert(paymentMethodFees).values([
      { methodId: seed.sandbox.id, currency: "CNY", fixedMinor: 3n, maxMinor: 900n },
      { methodId: seed.sandbox.id, currency: "JPY", fixedMinor: 40n },
    ]);
    await resolve({
      differenceId: difference.id,
      action: "fee_rule_corrected",
      note: "The provider raised its rate in April",
    });
    const [audit] = await resolvedAudit(difference.id);
    expect(audit!.after).toMatchObject({
      resolution: "fee_rule_corrected",
      feeRule: {
        currency: "CNY",
        feeRateBps: 80,
        amountsSet: true,
        feeFixedMinor: "3",
        feeMinMinor: null,
        feeMaxMinor: "900",
      },
    });
    const [after] = await db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, attempt.id));
    expect(after!.feeMinor).toBe(paid!.feeMinor);
    await db
      .update(paymentMethods)
      .set({ feeRateBps: 60, currencies: ["CNY"] })
      .where(eq(paymentMethods.id, seed.sandbox.id));
    await db.delete(paymentMethodFees).where(eq(paymentMethodFees.methodId, seed.sandbox.id));
  });

  it("applied by query only for a payment we asked for; not found in another shop", async () => {
    const { difference: amount } = await lineDifference("amount_mismatch");
    await expectDomainError(
      resolve({ differenceId: amount.id, action: "applied_by_query" }),
      "INVALID_STATE",
      "reconQueryNotForKind",
    );
    const { difference: foreign } = await lineDifference("missing_here");
    await expectDomainError(
      resolve({ differenceId: foreign.id, action: "applied_by_query" }),
      "INVALID_STATE",
      "reconQueryNotForKind",
    );
    await expectDomainError(
      resolve({ differenceId: foreign.id, action: "accepted", note: "x" }, other),
      "NOT_FOUND",
      "reconDifferenceNotFound",
    );
    expect((await stored(foreign.id)).status).toBe("open");
  });

  /** A payment made in the wallet whose notification was lost, expired on our side long ago. */
  async function lostPayment(paidInWallet: boolean) {
    const { order, attempt } = await payableOrder(db, seed, 1000n);
    await giveCustomerEmail(db, order.id);
    if (paidInWallet)
      await confirmSandboxPayment(
        db,
        { token: attempt.token, pin: "123456", outcome: "no_callback" },
        testEncryptionKey,
        () => {
          throw new Error("no_callback must not deliver");
        },
      );
    await expireOverdue(db, new Date(attempt.expiresAt.getTime() + 3 * 3600_000));
    expect((await orderState(db, order.id)).attempts[0]!.status).toBe("expired");
    const day = localDate(new Date(), seed.merchant.timeZone);
    const statement = await importedStatement(db, seed.merchant.id, seed.sandbox.id, day);
    const line = await statementLine(db, statement, {
      kind: "payment",
      day,
      amountMinor: 1000n,
      // The sandbox method's 0.6%.
      feeMinor: 6n,
      merchantRef: attempt.token,
      attemptId: attempt.id,
      state: "difference",
    });
    const difference = await openDifference(db, {
      merchantId: seed.merchant.id,
      methodId: seed.sandbox.id,
      day,
      kind: "missing_here",
      lineId: line.id,
      attemptId: attempt.id,
      orderId: order.id,
      ourAmountMinor: 1000n,
      theirAmountMinor: 1000n,
    });
    return { order, attempt, line, difference };
  }

  it("applied by query: the provider says not paid, so the difference stays open", async () => {
    const { order, difference } = await lostPayment(false);
    await expectDomainError(
      resolve({ differenceId: difference.id, action: "applied_by_query" }),
      "INVALID_STATE",
      "reconProviderNotPaid",
    );
    expect((await stored(difference.id)).status).toBe("open");
    expect((await orderState(db, order.id)).attempts[0]!.status).toBe("expired");
  });

  it("applied by query, asked twice at once: paid once, one voucher, one e-mail, the line matched", async () => {
    const { order, attempt, line, difference } = await lostPayment(true);
    const results = await Promise.allSettled(
      [0, 1].map(() => resolve({ differenceId: difference.id, action: "applied_by_query" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "INVALID_STATE" });
    expect(["reconDifferenceNotOpen", "reconQueryBusy"]).toContain(
      (refused.reason as { messageKey: string }).messageKey,
    );

    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.attempts[0]).toMatchObject({ status: "succeeded", feeMinor: 6n });
    expect(state.actions.filter((a) => a === "attempt.succeed")).toHaveLength(1);
    expect(state.outbox).toHaveLength(1);
    expect(await db.select().from(vouchers).where(eq(vouchers.orderId, order.id))).toHaveLength(1);
    expect(await stored(difference.id)).toMatchObject({
      status: "resolved",
      resolution: "applied_by_query",
      resolvedBy: seed.people.manager.id,
    });
    expect(await resolvedAudit(difference.id)).toHaveLength(1);
    const [matched] = await db.select().from(statementLines).where(eq(statementLines.id, line.id));
    expect(matched).toMatchObject({ state: "matched", attemptId: attempt.id });

    // Asked again later: nothing more happens.
    await expectDomainError(
      resolve({ differenceId: difference.id, action: "applied_by_query" }),
      "INVALID_STATE",
      "reconDifferenceNotOpen",
    );
    expect((await orderState(db, order.id)).outbox).toHaveLength(1);
  });
});

describe(`the differences queue (${engine})`, () => {
  it("filters by status, kind, method and days, pages by (day, id), counts the open ones", async () => {
    const shop = await seedPayments(db, "Queue");
    const make = async (day: string, kind: "amount_mismatch" | "fee_mismatch") =>
      openDifference(db, {
        merchantId: shop.merchant.id,
        methodId: shop.sandbox.id,
        day,
        kind,
      });
    const a = await make("2026-05-01", "amount_mismatch");
    const b = await make("2026-05-02", "fee_mismatch");
    const c = await make("2026-05-03", "amount_mismatch");
    await resolveDifference(
      db,
      shop.manager,
      shop.merchant.id,
      { differenceId: c.id, action: "accepted", note: "ok" },
      deps,
    );
    expect(await countOpenDifferences(db, shop.merchant.id)).toBe(2);

    const first = await listDifferences(db, shop.merchant.id, { limit: 2 });
    expect(first.rows.map((r) => r.id)).toEqual([c.id, b.id]);
    const second = await listDifferences(db, shop.merchant.id, {
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.rows.map((r) => r.id)).toEqual([a.id]);
    expect(second.nextCursor).toBeNull();

    const ids = async (f: Parameters<typeof listDifferences>[2]) =>
      (await listDifferences(db, shop.merchant.id, f)).rows.map((r) => r.id);
    expect(await ids({ status: "open" })).toEqual([b.id, a.id]);
    expect(await ids({ kind: "amount_mismatch" })).toEqual([c.id, a.id]);
    expect(await ids({ from: "2026-05-02", to: "2026-05-02" })).toEqual([b.id]);
    expect(await ids({ methodId: shop.cash.id })).toEqual([]);
    expect(await ids({ cursor: "not-a-cursor" })).toHaveLength(3);
    // Another shop sees none of them.
    expect((await listDifferences(db, other.merchant.id, {})).rows).toEqual([]);
  });

  it("is read by owners, managers and analysts; resolved by owners and managers", async () => {
    const caller = (role: "owner" | "manager" | "staff" | "analyst") =>
      createCaller(contextFor(db, seed.people[role]));
    const { difference } = await lineDifference("amount_mismatch", "2026-06-01");
    const input = { differenceId: difference.id, action: "accepted" as const, note: "ok" };
    for (const role of ["staff", "analyst"] as const)
      expect((await expectTRPCError(caller(role).reconciliation.resolve(input))).code).toBe(
        "FORBIDDEN",
      );
    expect((await expectTRPCError(caller("staff").reconciliation.openCount())).code).toBe(
      "FORBIDDEN",
    );
    expect(await caller("analyst").reconciliation.openCount()).toBeGreaterThan(0);
    const page = await caller("analyst").reconciliation.differences({
      from: "2026-06-01",
      to: "2026-06-01",
    });
    expect(page.rows.map((r) => r.id)).toEqual([difference.id]);
    await caller("owner").reconciliation.resolve(input);
    expect((await stored(difference.id)).resolvedBy).toBe(seed.people.owner.id);
  });
});
