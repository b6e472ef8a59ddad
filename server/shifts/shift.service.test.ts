import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { alerts, auditLog, cashShifts, paymentAttempts, refunds } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { joinOtherShop, labelOf } from "@/test/fixtures";
import {
  newOrder,
  notify,
  payableOrder,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import type { Role } from "@/server/auth/roles.logic";
import { payCash } from "@/server/payments/cash.service";
import { approveRefund, requestRefund } from "@/server/refunds/refund.service";
import { evaluateRiskRules } from "@/server/risk/risk-evaluation.service";
import { changeMemberRole, removeMember } from "@/server/team/team.service";
import {
  closeShift,
  closeShiftForCashier,
  confirmShift,
  getShift,
  listShifts,
  openShift,
  recordPaidOut,
} from "./shift.service";

const { db } = setupTestDatabase();
const refundDeps = { ...testProviders, deliver: () => {} };

let a: PaymentsSeed;

beforeAll(async () => {
  a = await seedPayments(db, "ShiftA");
});

const who = (seed: PaymentsSeed, role: Role) => ({
  actor: { userId: seed.people[role].id, ip: null, userAgent: "vitest" },
  userId: seed.people[role].id,
  role,
});

/** A cash sale of `amountMinor` at the counter by the seed's cashier. */
async function cashSale(seed: PaymentsSeed, amountMinor: bigint) {
  const order = await newOrder(db, seed, amountMinor);
  const paid = await payCash(db, seed.staff, seed.merchant.id, {
    orderId: order.id,
    methodId: seed.cash.id,
    tenderedMinor: amountMinor + 100n,
  });
  return { order, attemptId: paid.attemptId };
}

const auditActions = async (shiftId: string) =>
  (
    await db
      .select({ action: auditLog.action, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "shift"), eq(auditLog.entityId, shiftId)))
      .orderBy(auditLog.seq)
  ).map((r) => [r.action, r.actor]);

describe(`shift close: the drawer counted (${engine})`, () => {
  it("expected cash is exact to the fen: float + cash sales − cash refunds − paid-outs", async () => {
    const staff = who(a, "staff");
    const shift = await openShift(db, staff, a.merchant.id, {
      storeId: a.store.id,
      floatMinor: "20037",
    });
    await expectDomainError(
      openShift(db, staff, a.merchant.id, { storeId: a.store.id, floatMinor: 0 }),
      "CONFLICT",
      "shiftAlreadyOpen",
    );
    await cashSale(a, 1234n);
    const refunded = await cashSale(a, 9999n);
    // A wallet payment the cashier asked for counts among the shift's methods, not in the drawer.
    const wallet = await payableOrder(db, a, 1000n);
    await notify(db, a.sandbox.id, wallet.attempt);
    // The cashier asks, a manager approves at the office: the cash leaves the cashier's drawer.
    const asked = await requestRefund(
      db,
      { actor: a.staff, role: "staff" },
      a.merchant.id,
      { orderId: refunded.order.id, amountMinor: 333n, reason: "wrong_amount" },
      refundDeps,
    );
    await approveRefund(
      db,
      { actor: a.manager, role: "manager" },
      a.merchant.id,
      { refundId: asked.id },
      refundDeps,
    );
    await recordPaidOut(db, staff, a.merchant.id, {
      shiftId: shift.id,
      kind: "supplier",
      amountMinor: "1500",
      reason: "Milk delivery",
    });

    const running = await getShift(db, staff, a.merchant.id, shift.id);
    expect(running.running?.expectedMinor).toBe(20037n + 1234n + 9999n - 333n - 1500n);

    const closed = await closeShift(db, staff, a.merchant.id, {
      shiftId: shift.id,
      countedMinor: "29400",
    });
    expect(closed).toMatchObject({
      status: "closed",
      floatMinor: 20037n,
      cashSalesMinor: 11233n,
      cashRefundsMinor: 333n,
      paidOutsMinor: 1500n,
      expectedMinor: 29437n,
      countedMinor: 29400n,
      differenceMinor: -37n,
    });
    expect(
      closed.methods.map((m) => [m.kind, m.payments, m.amountMinor, m.feeMinor, m.currency]),
    ).toEqual(
      expect.arrayContaining([
        ["cash", 2, 11233n, 0n, "CNY"],
        ["sandbox", 1, 1000n, 6n, "CNY"],
      ]),
    );
    expect(closed.methods).toHaveLength(2);
    const [refundRow] = await db.select().from(refunds).where(eq(refunds.id, asked.id));
    expect(refundRow?.shiftId).toBe(shift.id);

    // Nothing joins a closed shift: the next cash sale has no drawer to land in.
    const after = await cashSale(a, 500n);
    const [late] = await db
      .select({ shiftId: paymentAttempts.shiftId })
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, after.attemptId));
    expect(late?.shiftId).toBeNull();
    await expectDomainError(
      recordPaidOut(db, staff, a.merchant.id, {
        shiftId: shift.id,
        kind: "petty_cash",
        amountMinor: 100,
        reason: "Stamps",
      }),
      "INVALID_STATE",
      "shiftNotOpen",
    );

    // A manager confirms; a difference needs a note; the cashier cannot confirm their own.
    await expectDomainError(
      confirmShift(db, who(a, "staff"), a.merchant.id, { shiftId: shift.id, note: "fine" }),
      "FORBIDDEN",
      "roleForbidden",
    );
    await expectDomainError(
      confirmShift(db, who(a, "manager"), a.merchant.id, { shiftId: shift.id }),
      "VALIDATION",
      "shiftNoteRequired",
    );
    const confirmed = await confirmShift(db, who(a, "manager"), a.merchant.id, {
      shiftId: shift.id,
      note: "37 fen of coins under the tray",
    });
    expect(confirmed).toMatchObject({
      status: "confirmed",
      confirmedBy: a.people.manager.id,
      confirmNote: "37 fen of coins under the tray",
    });
    await expectDomainError(
      confirmShift(db, who(a, "owner"), a.merchant.id, { shiftId: shift.id, note: "again" }),
      "INVALID_STATE",
      "invalidTransition",
    );
    expect(await auditActions(shift.id)).toEqual([
      ["shift.open", a.people.staff.id],
      ["shift.paid_out", a.people.staff.id],
      ["shift.close", a.people.staff.id],
      ["shift.confirm", a.people.manager.id],
    ]);
  });

  it("only the shift's cashier records paid-outs and closes it; a manager's own count needs someone else", async () => {
    const b = await seedPayments(db, "ShiftB");
    const shift = await openShift(db, who(b, "manager"), b.merchant.id, {
      storeId: b.store.id,
      floatMinor: 0,
    });
    await expectDomainError(
      closeShift(db, who(b, "staff"), b.merchant.id, { shiftId: shift.id, countedMinor: 0 }),
      "FORBIDDEN",
      "shiftNotYours",
    );
    // Another shop's cashier does not even find it.
    await expectDomainError(
      closeShift(db, who(a, "staff"), a.merchant.id, { shiftId: shift.id, countedMinor: 0 }),
      "NOT_FOUND",
      "shiftNotFound",
    );
    await closeShift(db, who(b, "manager"), b.merchant.id, { shiftId: shift.id, countedMinor: 0 });
    await expectDomainError(
      confirmShift(db, who(b, "manager"), b.merchant.id, { shiftId: shift.id }),
      "FORBIDDEN",
      "shiftOwnCount",
    );
    const confirmed = await confirmShift(db, who(b, "owner"), b.merchant.id, { shiftId: shift.id });
    expect(confirmed.status).toBe("confirmed");
  });

  it("a difference beyond the rule's amount raises a cash-difference alert", async () => {
    const c = await seedPayments(db, "ShiftC");
    const closeAt = new Date("2030-01-05T09:00:00Z");
    // The first pass only sets where the rules start watching.
    await evaluateRiskRules(db, new Date(closeAt.getTime() - 10 * 60_000));
    const small = await openShift(db, who(c, "staff"), c.merchant.id, {
      storeId: c.store.id,
      floatMinor: 10000,
    });
    await closeShift(
      db,
      who(c, "staff"),
      c.merchant.id,
      { shiftId: small.id, countedMinor: 9000 }, // 10 yuan short: not beyond 10
      closeAt,
    );
    const big = await openShift(db, who(c, "staff"), c.merchant.id, {
      storeId: c.store.id,
      floatMinor: 10000,
    });
    await closeShift(
      db,
      who(c, "staff"),
      c.merchant.id,
      { shiftId: big.id, countedMinor: 8999 },
      closeAt,
    );
    await evaluateRiskRules(db, new Date(closeAt.getTime() + 5 * 60_000));
    const raised = await db
      .select()
      .from(alerts)
      .where(and(eq(alerts.merchantId, c.merchant.id), eq(alerts.kind, "cash_difference")));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      entityType: "user",
      entityId: c.people.staff.id,
      details: {
        shiftId: big.id,
        currency: "CNY",
        expectedMinor: "10000",
        countedMinor: "8999",
        differenceMinor: "-1001",
        thresholdMinor: "1000",
      },
    });
  });
});

describe(`shift close under concurrent sales (${engine})`, () => {
  it("every sale committed while the shift closes is counted in exactly one shift", async () => {
    const d = await seedPayments(db, "ShiftD");
    const staff = who(d, "staff");
    const shift = await openShift(db, staff, d.merchant.id, {
      storeId: d.store.id,
      floatMinor: 0,
    });
    const n = 24;
    // Distinct amounts, so a sale counted twice or missed changes the sums.
    const orders = await Promise.all(
      Array.from({ length: n }, (_, i) => newOrder(db, d, 100n + BigInt(i))),
    );
    const sale = (orderId: string, amountMinor: bigint) =>
      payCash(db, d.staff, d.merchant.id, {
        orderId,
        methodId: d.cash.id,
        tenderedMinor: amountMinor,
      });
    // Real concurrent transactions on PostgreSQL (each on its own pooled connection); PGlite
    // runs them one at a time, and the figures must hold all the same.
    const half = n / 2;
    const [closed] = await Promise.all([
      (async () => {
        // Start the close while the first sales are in flight.
        await new Promise((resolve) => setImmediate(resolve));
        return closeShift(db, staff, d.merchant.id, { shiftId: shift.id, countedMinor: 0 });
      })(),
      ...orders.slice(0, half).map((o) => sale(o.id, o.amountMinor)),
      ...orders.slice(half).map((o) => sale(o.id, o.amountMinor)),
    ]);
    const attempts = await db
      .select({ amountMinor: paymentAttempts.amountMinor, shiftId: paymentAttempts.shiftId })
      .from(paymentAttempts)
      .where(
        and(
          inArray(
            paymentAttempts.orderId,
            orders.map((o) => o.id),
          ),
          eq(paymentAttempts.status, "succeeded"),
        ),
      );
    expect(attempts).toHaveLength(n);
    const stamped = attempts.filter((x) => x.shiftId === shift.id);
    const unassigned = attempts.filter((x) => x.shiftId === null);
    expect(stamped.length + unassigned.length).toBe(n);
    // What the close counted is exactly what carries the shift's id: none counted and then
    // stamped late, none stamped and left out.
    const stampedSum = stamped.reduce((s, x) => s + x.amountMinor, 0n);
    const [stored] = await db.select().from(cashShifts).where(eq(cashShifts.id, shift.id));
    expect(stored?.cashSalesMinor).toBe(stampedSum);
    expect(closed.cashSalesMinor).toBe(stampedSum);
    const cashLine = closed.methods.find((m) => m.kind === "cash");
    expect(cashLine?.payments ?? 0).toBe(stamped.length);
    expect(closed.differenceMinor).toBe(-stampedSum);
  });
});

describe(`a shift its cashier cannot close (${engine})`, () => {
  it("a manager closes a removed cashier's open shift by counting, with a reason; someone else confirms; the cashier may come back and open again", async () => {
    const e = await seedPayments(db, "ShiftE");
    const staff = who(e, "staff");
    const shift = await openShift(db, staff, e.merchant.id, {
      storeId: e.store.id,
      floatMinor: 10000,
    });
    await cashSale(e, 2000n);
    await removeMember(db, e.manager, e.merchant.id, e.people.staff.membershipId);

    // The shift is still there, open, and its drawer's figures are the managers' to see.
    const running = await getShift(db, who(e, "manager"), e.merchant.id, shift.id);
    expect(running.running?.expectedMinor).toBe(12000n);

    // A reason is required.
    await expect(
      closeShiftForCashier(db, who(e, "manager"), e.merchant.id, {
        shiftId: shift.id,
        countedMinor: 11900,
        reason: " ",
      }),
    ).rejects.toBeInstanceOf(ZodError);
    const closed = await closeShiftForCashier(db, who(e, "manager"), e.merchant.id, {
      shiftId: shift.id,
      countedMinor: 11900,
      reason: "Removed from the shop; drawer counted with the owner",
    });
    expect(closed).toMatchObject({
      status: "closed",
      cashierId: e.people.staff.id,
      closedBy: e.people.manager.id,
      closeReason: "Removed from the shop; drawer counted with the owner",
      floatMinor: 10000n,
      cashSalesMinor: 2000n,
      expectedMinor: 12000n,
      countedMinor: 11900n,
      differenceMinor: -100n,
    });
    expect(closed.methods.map((m) => [m.kind, m.payments, m.amountMinor])).toEqual([
      ["cash", 1, 2000n],
    ]);

    // Shown as closed by the manager for the cashier, with the reason.
    const { rows } = await listShifts(db, e.merchant.id, { status: "closed" });
    expect(rows).toEqual([
      expect.objectContaining({
        id: shift.id,
        cashierName: labelOf(e.people.staff),
        cashierInTeam: false,
        closedById: e.people.manager.id,
        closedByName: labelOf(e.people.manager),
        closeReason: "Removed from the shop; drawer counted with the owner",
      }),
    ]);

    // The manager counted it: four eyes, so the owner confirms.
    await expectDomainError(
      confirmShift(db, who(e, "manager"), e.merchant.id, { shiftId: shift.id, note: "ok" }),
      "FORBIDDEN",
      "shiftOwnCount",
    );
    await confirmShift(db, who(e, "owner"), e.merchant.id, {
      shiftId: shift.id,
      note: "One yuan short, as counted",
    });

    const audit = await db
      .select({ action: auditLog.action, actor: auditLog.actorUserId, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "shift"), eq(auditLog.entityId, shift.id)))
      .orderBy(auditLog.seq);
    expect(audit.map((r) => [r.action, r.actor])).toEqual([
      ["shift.open", e.people.staff.id],
      ["shift.close_for_cashier", e.people.manager.id],
      ["shift.confirm", e.people.owner.id],
    ]);
    expect(audit[1]?.after).toMatchObject({
      cashierId: e.people.staff.id,
      countedMinor: "11900",
      differenceMinor: "-100",
      reason: "Removed from the shop; drawer counted with the owner",
    });

    // Back in the shop, the cashier opens a new shift at the same store.
    await joinOtherShop(
      db,
      { merchantId: e.merchant.id, ownerId: e.people.owner.id },
      e.people.staff,
    );
    const again = await openShift(db, staff, e.merchant.id, { storeId: e.store.id, floatMinor: 0 });
    expect(again.status).toBe("open");
  });

  it("only a manager or the owner closes someone else's shift, never their own that way nor a closed one; the cashier's own close still says who counted", async () => {
    const f = await seedPayments(db, "ShiftF");
    const shift = await openShift(db, who(f, "staff"), f.merchant.id, {
      storeId: f.store.id,
      floatMinor: 500,
    });
    const forCashier = (w: ReturnType<typeof who>, merchantId: string, shiftId: string) =>
      closeShiftForCashier(db, w, merchantId, {
        shiftId,
        countedMinor: 500,
        reason: "Went home sick",
      });
    await expectDomainError(
      forCashier(who(f, "analyst"), f.merchant.id, shift.id),
      "FORBIDDEN",
      "roleForbidden",
    );
    await expectDomainError(
      forCashier(who(f, "staff"), f.merchant.id, shift.id),
      "FORBIDDEN",
      "roleForbidden",
    );
    await expectDomainError(
      forCashier(who(a, "owner"), a.merchant.id, shift.id),
      "NOT_FOUND",
      "shiftNotFound",
    );
    const own = await openShift(db, who(f, "manager"), f.merchant.id, {
      storeId: f.store.id,
      floatMinor: 0,
    });
    await expectDomainError(
      forCashier(who(f, "manager"), f.merchant.id, own.id),
      "INVALID_STATE",
      "shiftIsYours",
    );

    const closed = await closeShift(db, who(f, "staff"), f.merchant.id, {
      shiftId: shift.id,
      countedMinor: 500,
    });
    expect(closed).toMatchObject({ closedBy: f.people.staff.id, closeReason: null });
    await expectDomainError(
      forCashier(who(f, "owner"), f.merchant.id, shift.id),
      "INVALID_STATE",
      "shiftNotOpen",
    );
  });

  it("an owner's open shift is closed for them only by an owner: a manager is told to ask the owner", async () => {
    const h = await seedPayments(db, "ShiftH");
    const shift = await openShift(db, who(h, "owner"), h.merchant.id, {
      storeId: h.store.id,
      floatMinor: 3000,
    });
    const forOwner = (w: ReturnType<typeof who>) =>
      closeShiftForCashier(db, w, h.merchant.id, {
        shiftId: shift.id,
        countedMinor: 3000,
        reason: "Owner flew out",
      });
    await expectDomainError(forOwner(who(h, "manager")), "FORBIDDEN", "shiftOwnersOwn");
    const { rows } = await listShifts(db, h.merchant.id, { status: "open" });
    expect(rows).toEqual([
      expect.objectContaining({ id: shift.id, cashierIsOwner: true, cashierInTeam: true }),
    ]);

    // A second owner may: the staff member is made an owner and closes it for the first.
    await changeMemberRole(
      db,
      who(h, "owner").actor,
      h.merchant.id,
      h.people.staff.membershipId,
      "owner",
    );
    const closed = await forOwner({ ...who(h, "staff"), role: "owner" });
    expect(closed).toMatchObject({ status: "closed", closedBy: h.people.staff.id });
  });

  it("once the owner is no longer an owner, a manager closes the shift they left open", async () => {
    const k = await seedPayments(db, "ShiftK");
    const shift = await openShift(db, who(k, "owner"), k.merchant.id, {
      storeId: k.store.id,
      floatMinor: 0,
    });
    // Ownership handed over: the staff member becomes the owner, the old owner a manager.
    await changeMemberRole(
      db,
      who(k, "owner").actor,
      k.merchant.id,
      k.people.staff.membershipId,
      "owner",
    );
    await changeMemberRole(
      db,
      who(k, "staff").actor,
      k.merchant.id,
      k.people.owner.membershipId,
      "manager",
    );
    const closed = await closeShiftForCashier(db, who(k, "manager"), k.merchant.id, {
      shiftId: shift.id,
      countedMinor: 0,
      reason: "Handed the shop over",
    });
    expect(closed).toMatchObject({ status: "closed", closedBy: k.people.manager.id });
  });

  it("the cashier closing while a manager closes for them: exactly one close counts", async () => {
    const g = await seedPayments(db, "ShiftG");
    const shift = await openShift(db, who(g, "staff"), g.merchant.id, {
      storeId: g.store.id,
      floatMinor: 1000,
    });
    const results = await Promise.allSettled([
      closeShift(db, who(g, "staff"), g.merchant.id, { shiftId: shift.id, countedMinor: 1000 }),
      closeShiftForCashier(db, who(g, "manager"), g.merchant.id, {
        shiftId: shift.id,
        countedMinor: 990,
        reason: "Cashier left early",
      }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(String((lost[0] as PromiseRejectedResult).reason.messageKey)).toBe("shiftNotOpen");
    const [stored] = await db.select().from(cashShifts).where(eq(cashShifts.id, shift.id));
    const winner = (won[0] as PromiseFulfilledResult<{ closedBy: string | null }>).value;
    expect(stored?.closedBy).toBe(winner.closedBy);
    const closes = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "shift"), eq(auditLog.entityId, shift.id)));
    expect(closes.filter((c) => c.action !== "shift.open")).toHaveLength(1);
  });
});
