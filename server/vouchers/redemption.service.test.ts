import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { alerts, auditLog, voucherCodeFailures, voucherRedemptions, vouchers } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import {
  actorOf,
  notify,
  payableOrder,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { paidVoucher } from "@/test/vouchers";
import { verifyAuditChain } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { payCash } from "@/server/payments/cash.service";
import { loadPayView } from "@/server/payments/pay-view.service";
import { createAttempt } from "@/server/payments/payment-request.service";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder } from "@/server/payments/order.service";
import { codeGuard, liftCodeBlock, listCodeBlocks } from "./code-guard.service";
import {
  checkVoucher,
  redeemVoucher,
  reverseRedemption,
  voidVoucher,
  voidVoucherForOrder,
} from "./redemption.service";
import { checkCharacter, formatCode } from "./voucher-code.logic";
import { updateVoucherSettings } from "./voucher-issue.service";
import { nextVoucherState, voucherStatuses, type VoucherSnapshot } from "./voucher-state.logic";
import { listRedemptions, voucherLiability } from "./voucher-report.service";
import { loadReceipt } from "./receipt.service";
import { labelOf } from "@/test/fixtures";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let b: PaymentsSeed;
let device = 0;
/** Each test its own device, so the guard's counts never leak between tests. */
const newDevice = () => `test-device-${++device}-${Date.now()}`;

beforeAll(async () => {
  a = await seedPayments(db, "Alpha");
  b = await seedPayments(db, "Beta");
});

const at = (seed: PaymentsSeed, code: string, deviceId = newDevice()) => ({
  code,
  storeId: seed.store.id,
  deviceId,
});

describe(`issuing on payment (${engine})`, () => {
  it("gives a paid order one single-use voucher for its amount, audited", async () => {
    const { order, voucher } = await paidVoucher(db, a, undefined, 2350n);
    expect(voucher).toMatchObject({
      merchantId: a.merchant.id,
      status: "issued",
      usesTotal: 1,
      usesLeft: 1,
      valueMinor: 2350n,
      currency: "CNY",
      storeId: null,
      expiresAt: null,
    });
    expect(voucher.code).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
    const issued = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "voucher.issue"), eq(auditLog.entityId, voucher.id)));
    expect(issued).toHaveLength(1);
    expect(issued[0]!.after).toMatchObject({ orderId: order.id, uses: 1 });
  });

  it("issues on a wallet success too, links it from that pay page only, never twice", async () => {
    const { order, attempt } = await payableOrder(db, a);
    const before = await loadPayView(db, attempt.token);
    expect(before.view.voucherCode).toBeNull();
    // A second request on the same order, answered after the first one paid it: a duplicate.
    const second = await createAttempt(
      db,
      a.staff,
      a.merchant.id,
      { orderId: order.id, methodId: a.sandbox.id },
      testProviders,
    );
    await notify(db, a.sandbox.id, second);
    await notify(db, a.sandbox.id, attempt);
    const rows = await db.select().from(vouchers).where(eq(vouchers.orderId, order.id));
    expect(rows).toHaveLength(1);
    expect((await loadPayView(db, second.token)).view.voucherCode).toBe(rows[0]!.code);
    // The duplicate's page (money to refund) does not offer the voucher.
    expect((await loadPayView(db, attempt.token)).view.voucherCode).toBeNull();
  });

  it("follows the order's own terms, else the merchant's defaults", async () => {
    const own = await paidVoucher(db, a, { uses: 5, validDays: 30, storeOnly: true });
    expect(own.voucher).toMatchObject({ usesTotal: 5, usesLeft: 5, storeId: a.store.id });
    const days = (own.voucher.expiresAt!.getTime() - own.order.createdAt.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);

    // Chosen on the new-order form: the order's terms travel with createOrder.
    const order = await createOrder(
      db,
      a.staff,
      a.merchant.id,
      createOrderInput.parse({
        storeId: a.store.id,
        currency: "CNY",
        amountMinor: 900,
        voucher: { uses: 2, validDays: null, storeOnly: false },
      }),
    );
    await payCash(db, a.staff, a.merchant.id, {
      orderId: order.id,
      methodId: a.cash.id,
      tenderedMinor: 900n,
    });
    const [fromForm] = await db.select().from(vouchers).where(eq(vouchers.orderId, order.id));
    expect(fromForm).toMatchObject({ usesTotal: 2, usesLeft: 2, expiresAt: null });
    expect(() =>
      createOrderInput.parse({
        storeId: a.store.id,
        currency: "CNY",
        amountMinor: 900,
        voucher: { uses: 0, validDays: null, storeOnly: false },
      }),
    ).toThrow();

    const c = await seedPayments(db, "Gamma");
    await updateVoucherSettings(db, c.manager, c.merchant.id, {
      defaultUses: 3,
      validDays: 7,
      storeOnly: true,
      reversalWindowMinutes: 5,
    });
    const { voucher } = await paidVoucher(db, c);
    expect(voucher).toMatchObject({ usesTotal: 3, storeId: c.store.id });
    expect(voucher.expiresAt).not.toBeNull();
  });
});

describe(`check and redeem (${engine})`, () => {
  it("checks without changing anything, then redeems once with a redemption row and audit", async () => {
    const { voucher, order } = await paidVoucher(db, a);
    const deviceId = newDevice();
    const typed = formatCode(voucher.code).toLowerCase();
    const checked = await checkVoucher(db, a.staff, a.merchant.id, at(a, typed, deviceId));
    expect(checked.result).toBe("valid");
    expect(checked.voucher).toMatchObject({ orderNumber: order.number, usesLeft: 1 });
    const [unchanged] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
    expect(unchanged!.usesLeft).toBe(1);

    const done = await redeemVoucher(db, a.staff, a.merchant.id, at(a, typed, deviceId));
    expect(done.result).toBe("redeemed");
    expect(done.voucher).toMatchObject({ status: "redeemed", usesLeft: 0 });
    const redemptions = await db
      .select()
      .from(voucherRedemptions)
      .where(eq(voucherRedemptions.voucherId, voucher.id));
    expect(redemptions).toEqual([
      expect.objectContaining({
        staffUserId: a.people.staff.id,
        storeId: a.store.id,
        deviceId,
        reversedAt: null,
      }),
    ]);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "voucher.redeem"), eq(auditLog.entityId, voucher.id)));
    // Written by the redeeming statement itself: what only it knew (the voucher, the
    // redemption, the uses left and status) beside what the request did (who, from where).
    expect(audit).toEqual([
      expect.objectContaining({
        merchantId: a.merchant.id,
        actorUserId: a.people.staff.id,
        entityType: "voucher",
        ipAddress: a.staff.ip,
        userAgent: a.staff.userAgent,
        before: null,
        after: {
          redemptionId: redemptions[0]!.id,
          usesLeft: 0,
          status: "redeemed",
          storeId: a.store.id,
          deviceId,
        },
      }),
    ]);
    expect(await verifyAuditChain(db, a.merchant.id)).toBeNull();
  });

  it("says who redeemed it, when and where on the second try", async () => {
    const { voucher } = await paidVoucher(db, a);
    await redeemVoucher(db, a.staff, a.merchant.id, at(a, voucher.code));
    const again = await redeemVoucher(db, a.manager, a.merchant.id, at(a, voucher.code));
    expect(again.result).toBe("used");
    expect(again.voucher!.lastRedemption).toMatchObject({
      staffName: labelOf(a.people.staff),
      storeName: a.store.name,
    });
    expect(again.voucher!.lastRedemption!.at).toBeInstanceOf(Date);
    const checked = await checkVoucher(db, a.manager, a.merchant.id, at(a, voucher.code));
    expect(checked.result).toBe("used");
  });

  it("answers a redemption with the view a check reads after it, the use just taken last", async () => {
    const { voucher } = await paidVoucher(db, a, { uses: 3, validDays: 30, storeOnly: true });
    const deviceId = newDevice();
    const done = await redeemVoucher(db, a.staff, a.merchant.id, at(a, voucher.code, deviceId));
    expect(done.result).toBe("redeemed");
    const checked = await checkVoucher(db, a.staff, a.merchant.id, at(a, voucher.code, deviceId));
    expect(done.voucher).toEqual(checked.voucher);
    expect(done.voucher).toMatchObject({
      usesLeft: 2,
      storeName: a.store.name,
      lastRedemption: { staffName: labelOf(a.people.staff), storeName: a.store.name },
    });
  });

  it("takes a use as nextVoucherState says, from whatever status and uses the row holds", async () => {
    const rows: VoucherSnapshot[] = voucherStatuses.flatMap((status) =>
      [0, 1, 2].map((usesLeft) => ({ status, usesLeft, usesTotal: 2 })),
    );
    for (const row of rows) {
      const { voucher } = await paidVoucher(db, a, { uses: 2, validDays: null, storeOnly: false });
      await db.update(vouchers).set(row).where(eq(vouchers.id, voucher.id));
      const done = await redeemVoucher(db, a.staff, a.merchant.id, at(a, voucher.code));
      const [after] = await db
        .select({ status: vouchers.status, usesLeft: vouchers.usesLeft })
        .from(vouchers)
        .where(eq(vouchers.id, voucher.id));
      const next = nextVoucherState(row, "redeem");
      const label = `${row.status} with ${row.usesLeft} left`;
      expect(done.result === "redeemed", label).toBe(next !== null);
      expect(after, label).toEqual({
        status: (next ?? row).status,
        usesLeft: (next ?? row).usesLeft,
      });
    }
  });

  it("gives exactly one success to 50 cashiers redeeming a single-use voucher at once", async () => {
    const { voucher } = await paidVoucher(db, a);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        redeemVoucher(db, a.staff, a.merchant.id, at(a, voucher.code)),
      ),
    );
    const outcomes = results.map((r) => r.result);
    expect(outcomes.filter((r) => r === "redeemed")).toHaveLength(1);
    expect(outcomes.filter((r) => r === "used")).toHaveLength(49);
    const rows = await db
      .select()
      .from(voucherRedemptions)
      .where(eq(voucherRedemptions.voucherId, voucher.id));
    expect(rows).toHaveLength(1);
    const [after] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
    expect(after).toMatchObject({ usesLeft: 0, status: "redeemed" });
  });

  it("takes a multi-use voucher down one use at a time to zero, even 20 at once", async () => {
    const { voucher } = await paidVoucher(db, a, { uses: 5, validDays: null, storeOnly: false });
    const first = await redeemVoucher(db, a.staff, a.merchant.id, at(a, voucher.code));
    expect(first.voucher).toMatchObject({ status: "issued", usesLeft: 4 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        redeemVoucher(db, a.staff, a.merchant.id, at(a, voucher.code)),
      ),
    );
    expect(results.filter((r) => r.result === "redeemed")).toHaveLength(4);
    const [after] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
    expect(after).toMatchObject({ usesLeft: 0, status: "redeemed" });
    const rows = await db
      .select()
      .from(voucherRedemptions)
      .where(eq(voucherRedemptions.voucherId, voucher.id));
    expect(rows).toHaveLength(5);
  });

  it("refuses an expired voucher, a void one (with why) and one for another store", async () => {
    const expired = await paidVoucher(db, a);
    await db
      .update(vouchers)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(vouchers.id, expired.voucher.id));
    expect(
      (await redeemVoucher(db, a.staff, a.merchant.id, at(a, expired.voucher.code))).result,
    ).toBe("expired");

    const voided = await paidVoucher(db, a);
    await voidVoucher(db, a.manager, a.merchant.id, {
      voucherId: voided.voucher.id,
      reason: "Refunded at the counter",
    });
    const voidResult = await redeemVoucher(db, a.staff, a.merchant.id, at(a, voided.voucher.code));
    expect(voidResult).toMatchObject({
      result: "void",
      voucher: { voidReason: "Refunded at the counter" },
    });

    const scoped = await paidVoucher(db, a, { uses: 1, validDays: null, storeOnly: true });
    const [other] = await db
      .insert((await import("@/db/schema")).stores)
      .values({ merchantId: a.merchant.id, name: "Second store" })
      .returning();
    const wrong = await redeemVoucher(db, a.staff, a.merchant.id, {
      ...at(a, scoped.voucher.code),
      storeId: other!.id,
    });
    expect(wrong.result).toBe("wrong_store");
    const [still] = await db.select().from(vouchers).where(eq(vouchers.id, scoped.voucher.id));
    expect(still!.usesLeft).toBe(1);
  });

  it("redeems nothing at a closed store, and leaves the voucher as it was", async () => {
    const { voucher } = await paidVoucher(db, a);
    const [closed] = await db
      .insert((await import("@/db/schema")).stores)
      .values({ merchantId: a.merchant.id, name: "Closed store", closedAt: new Date() })
      .returning();
    const there = { ...at(a, voucher.code), storeId: closed!.id };
    await expectDomainError(
      checkVoucher(db, a.staff, a.merchant.id, there),
      "INVALID_STATE",
      "storeClosed",
    );
    await expectDomainError(
      redeemVoucher(db, a.staff, a.merchant.id, there),
      "INVALID_STATE",
      "storeClosed",
    );
    const [still] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
    expect(still).toMatchObject({ status: "issued", usesLeft: 1 });
  });

  it("catches a typo by its check character, and an unknown code, before anything changes", async () => {
    const { voucher } = await paidVoucher(db, a);
    const typo =
      voucher.code.slice(0, 3) + (voucher.code[3] === "A" ? "B" : "A") + voucher.code.slice(4);
    expect((await redeemVoucher(db, a.staff, a.merchant.id, at(a, typo))).result).toBe("bad_check");
    expect((await redeemVoucher(db, a.staff, a.merchant.id, at(a, "hello"))).result).toBe(
      "bad_format",
    );
    const body = "ABCDEFGHJKM";
    expect(
      (await checkVoucher(db, a.staff, a.merchant.id, at(a, body + checkCharacter(body)))).result,
    ).toBe("not_found");
  });

  it("names a character codes never use instead of blaming the length, and counts no guess", async () => {
    const { voucher } = await paidVoucher(db, a);
    const deviceId = newDevice();
    // A D read as an O, typed with the receipt's dashes.
    const misread = formatCode(voucher.code.slice(0, 4) + "O" + voucher.code.slice(5));
    expect(await checkVoucher(db, a.staff, a.merchant.id, at(a, misread, deviceId))).toEqual({
      result: "bad_character",
      voucher: null,
      character: { character: "O", position: 5 },
    });
    expect((await redeemVoucher(db, a.staff, a.merchant.id, at(a, misread, deviceId))).result).toBe(
      "bad_character",
    );
    const counted = await db
      .select()
      .from(voucherCodeFailures)
      .where(eq(voucherCodeFailures.deviceId, deviceId));
    expect(counted).toHaveLength(0);
    const [v] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
    expect(v!.usesLeft).toBe(1);
  });

  it("never finds another merchant's voucher, nor lets it be redeemed", async () => {
    const { voucher } = await paidVoucher(db, b);
    const result = await redeemVoucher(db, a.staff, a.merchant.id, at(a, voucher.code));
    expect(result).toEqual({ result: "not_found", voucher: null });
    // Another merchant's store is no store of ours.
    await expectDomainError(
      redeemVoucher(db, a.staff, a.merchant.id, { ...at(a, voucher.code), storeId: b.store.id }),
      "NOT_FOUND",
      "storeNotFound",
    );
    const [untouched] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
    expect(untouched!.usesLeft).toBe(1);
  });
});

describe(`void (${engine})`, () => {
  const voidAudits = (voucherId: string) =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "voucher.void"), eq(auditLog.entityId, voucherId)));

  it("lets a manager void a voucher with uses left, audited, and refuses one used up", async () => {
    const unused = await paidVoucher(db, a);
    await voidVoucher(db, a.manager, a.merchant.id, {
      voucherId: unused.voucher.id,
      reason: "Reported lost",
    });
    const [v] = await db.select().from(vouchers).where(eq(vouchers.id, unused.voucher.id));
    expect(v).toMatchObject({ status: "void", voidReason: "Reported lost", usesLeft: 1 });
    expect(await voidAudits(unused.voucher.id)).toHaveLength(1);

    // Five coffees, two drunk: the three left are withdrawn.
    const card = await paidVoucher(db, a, { uses: 5, validDays: null, storeOnly: false });
    for (let i = 0; i < 2; i++)
      await redeemVoucher(db, a.staff, a.merchant.id, at(a, card.voucher.code));
    await voidVoucher(db, a.manager, a.merchant.id, { voucherId: card.voucher.id, reason: "x1" });
    const [c] = await db.select().from(vouchers).where(eq(vouchers.id, card.voucher.id));
    expect(c).toMatchObject({ status: "void", usesLeft: 3 });

    const used = await paidVoucher(db, a);
    await redeemVoucher(db, a.staff, a.merchant.id, at(a, used.voucher.code));
    await expectDomainError(
      voidVoucher(db, a.manager, a.merchant.id, { voucherId: used.voucher.id, reason: "x1" }),
      "INVALID_STATE",
      "voucherUsedUp",
    );
    const [u] = await db.select().from(vouchers).where(eq(vouchers.id, used.voucher.id));
    expect(u).toMatchObject({ status: "redeemed", usesLeft: 0, voidReason: null });
    expect(await voidAudits(used.voucher.id)).toHaveLength(0);

    await expectDomainError(
      voidVoucher(db, a.manager, a.merchant.id, { voucherId: unused.voucher.id, reason: "x1" }),
      "INVALID_STATE",
      "voucherAlreadyVoid",
    );
  });

  it("voids a used voucher when its order is refunded", async () => {
    const used = await paidVoucher(db, a);
    await redeemVoucher(db, a.staff, a.merchant.id, at(a, used.voucher.code));
    const voided = await db.transaction((tx) =>
      voidVoucherForOrder(tx, a.manager, a.merchant.id, used.order.id, "Refunded"),
    );
    expect(voided).toMatchObject({ id: used.voucher.id, usesLeft: 0 });
    const [u] = await db.select().from(vouchers).where(eq(vouchers.id, used.voucher.id));
    expect(u).toMatchObject({ status: "void", voidReason: "Refunded" });
    // Once void, a second refund leaves it alone.
    expect(
      await db.transaction((tx) =>
        voidVoucherForOrder(tx, a.manager, a.merchant.id, used.order.id, "again"),
      ),
    ).toBeNull();
  });
});

describe(`reversal (${engine})`, () => {
  async function redeemed(seed = a) {
    const { voucher } = await paidVoucher(db, seed);
    await redeemVoucher(db, seed.staff, seed.merchant.id, at(seed, voucher.code));
    const [r] = await db
      .select()
      .from(voucherRedemptions)
      .where(eq(voucherRedemptions.voucherId, voucher.id));
    return { voucher, redemption: r! };
  }

  it("gives the use back inside the window, with the reason, audited, once", async () => {
    const { voucher, redemption } = await redeemed();
    const out = await reverseRedemption(db, a.manager, a.merchant.id, {
      redemptionId: redemption.id,
      reason: "Scanned the wrong customer's code",
    });
    expect(out.usesLeft).toBe(1);
    const [v] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
    expect(v).toMatchObject({ status: "issued", usesLeft: 1 });
    const [r] = await db
      .select()
      .from(voucherRedemptions)
      .where(eq(voucherRedemptions.id, redemption.id));
    expect(r).toMatchObject({
      reversedBy: a.people.manager.id,
      reverseReason: "Scanned the wrong customer's code",
    });
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "voucher.reverse"), eq(auditLog.entityId, voucher.id)));
    expect(audit).toHaveLength(1);
    await expectDomainError(
      reverseRedemption(db, a.manager, a.merchant.id, {
        redemptionId: redemption.id,
        reason: "again",
      }),
      "INVALID_STATE",
      "alreadyReversed",
    );
    // Usable again.
    expect((await redeemVoucher(db, a.staff, a.merchant.id, at(a, voucher.code))).result).toBe(
      "redeemed",
    );
  });

  it("refuses outside the window, which the merchant sets", async () => {
    const { redemption, voucher } = await redeemed();
    await db
      .update(voucherRedemptions)
      .set({ redeemedAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(voucherRedemptions.id, redemption.id));
    await expectDomainError(
      reverseRedemption(db, a.manager, a.merchant.id, {
        redemptionId: redemption.id,
        reason: "late",
      }),
      "INVALID_STATE",
      "reversalWindowPassed",
    );
    const [v] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
    expect(v!.usesLeft).toBe(0);
    // A longer window set by the merchant lets the same reversal through.
    await updateVoucherSettings(db, a.manager, a.merchant.id, {
      defaultUses: 1,
      validDays: null,
      storeOnly: false,
      reversalWindowMinutes: 30,
    });
    await reverseRedemption(db, a.manager, a.merchant.id, {
      redemptionId: redemption.id,
      reason: "ok",
    });
    await updateVoucherSettings(db, a.manager, a.merchant.id, {
      defaultUses: 1,
      validDays: null,
      storeOnly: false,
      reversalWindowMinutes: 10,
    });
  });

  it("does not reverse onto a voided voucher, nor another merchant's redemption", async () => {
    const { voucher, redemption } = await redeemed();
    await db.transaction((tx) =>
      voidVoucherForOrder(tx, a.manager, a.merchant.id, voucher.orderId, "refund"),
    );
    await expectDomainError(
      reverseRedemption(db, a.manager, a.merchant.id, {
        redemptionId: redemption.id,
        reason: "x1",
      }),
      "INVALID_STATE",
      "voucherVoid",
    );
    const [r] = await db
      .select()
      .from(voucherRedemptions)
      .where(eq(voucherRedemptions.id, redemption.id));
    expect(r!.reversedAt).toBeNull();
    const theirs = await redeemed(b);
    await expectDomainError(
      reverseRedemption(db, a.manager, a.merchant.id, {
        redemptionId: theirs.redemption.id,
        reason: "not mine",
      }),
      "NOT_FOUND",
      "redemptionNotFound",
    );
  });
});

describe(`brute-force guard (${engine})`, () => {
  it("raises one alert at the threshold and blocks the user past the limit", async () => {
    const c = await seedPayments(db, "Guard");
    const deviceId = newDevice();
    const body = "ZZZZZZZZZZ";
    for (let i = 0; i < codeGuard.blockAt; i++) {
      const b2 = body + "23456789ABCDEFG"[i];
      const r = await checkVoucher(
        db,
        c.staff,
        c.merchant.id,
        at(c, b2 + checkCharacter(b2), deviceId),
      );
      expect(r.result).toBe("not_found");
    }
    await expectDomainError(
      checkVoucher(db, c.staff, c.merchant.id, at(c, "anything", deviceId)),
      "RATE_LIMITED",
      "tooManyWrongCodes",
    );
    // The same user on another device is still blocked; another user on this device too.
    await expectDomainError(
      redeemVoucher(db, c.staff, c.merchant.id, at(c, "anything", newDevice())),
      "RATE_LIMITED",
      "tooManyWrongCodes",
    );
    await expectDomainError(
      redeemVoucher(db, c.manager, c.merchant.id, at(c, "anything", deviceId)),
      "RATE_LIMITED",
      "tooManyWrongCodes",
    );
    const raised = await db
      .select()
      .from(alerts)
      .where(and(eq(alerts.merchantId, c.merchant.id), eq(alerts.kind, "voucher_code_guessing")));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ entityId: c.people.staff.id });
    // The window slides: old failures stop counting.
    await db.execute(
      sql`update voucher_code_failures set created_at = now() - interval '11 minutes' where merchant_id = ${c.merchant.id}`,
    );
    expect(
      (await checkVoucher(db, c.staff, c.merchant.id, at(c, "anything", deviceId))).result,
    ).toBe("bad_format");
  });

  /** `n` well-formed codes that are nobody's, typed by `who` on `deviceId`. */
  async function guess(
    seed: PaymentsSeed,
    who: PaymentsSeed["staff"],
    deviceId: string,
    n: number,
  ) {
    for (let i = 0; i < n; i++) {
      const body = `YYYYYYYYY${"23456789AB"[i % 10]}${"CDEFGHJKMN"[Math.floor(i / 10)]}`;
      const r = await checkVoucher(
        db,
        who,
        seed.merchant.id,
        at(seed, body + checkCharacter(body), deviceId),
      );
      expect(r.result).toBe("not_found");
    }
  }
  async function caught(promise: Promise<unknown>) {
    return promise.then(
      () => null,
      (e: unknown) => e,
    );
  }

  it("tells a cashier to ask a manager, and a manager that they can lift it, with the time left", async () => {
    const c = await seedPayments(db, "Guard roles");
    const deviceId = newDevice();
    await guess(c, c.staff, deviceId, codeGuard.blockAt);
    const asCashier = await caught(
      checkVoucher(db, c.staff, c.merchant.id, at(c, "anything", deviceId), "staff"),
    );
    expect(asCashier).toMatchObject({ code: "RATE_LIMITED", messageKey: "tooManyWrongCodes" });
    const minutes = (asCashier as DomainError).details?.minutes;
    expect(minutes).toBeGreaterThanOrEqual(1);
    expect(minutes).toBeLessThanOrEqual(codeGuard.windowMinutes);
    for (const role of ["manager", "owner"] as const) {
      expect(
        await caught(
          redeemVoucher(db, c.manager, c.merchant.id, at(c, "anything", deviceId), role),
        ),
      ).toMatchObject({ code: "RATE_LIMITED", messageKey: "tooManyWrongCodesCanLift" });
    }
  });

  it("shows a manager the block and lets them lift it, audited; the cashier goes on", async () => {
    const c = await seedPayments(db, "Guard lift");
    const deviceId = newDevice();
    await guess(c, c.staff, deviceId, codeGuard.blockAt);
    const staffId = c.people.staff.id;
    // The device's wrong codes are all this cashier's: one block, not two.
    expect(await listCodeBlocks(db, c.merchant.id)).toEqual([
      expect.objectContaining({
        by: "user",
        userId: staffId,
        userName: labelOf(c.people.staff),
        wrongCodes: codeGuard.blockAt,
        deviceIds: [deviceId],
      }),
    ]);

    // Another shop's manager neither sees nor lifts it.
    expect(
      (await listCodeBlocks(db, a.merchant.id)).filter(
        (b) => b.by === "user" && b.userId === staffId,
      ),
    ).toEqual([]);
    await expectDomainError(
      liftCodeBlock(db, a.manager, a.merchant.id, { by: "user", userId: staffId }),
      "INVALID_STATE",
      "noCodeBlock",
    );
    await expectDomainError(
      checkVoucher(db, c.staff, c.merchant.id, at(c, "anything", deviceId)),
      "RATE_LIMITED",
      "tooManyWrongCodes",
    );

    expect(
      await liftCodeBlock(db, c.manager, c.merchant.id, { by: "user", userId: staffId }),
    ).toEqual({ wrongCodesCleared: codeGuard.blockAt });
    expect(await listCodeBlocks(db, c.merchant.id)).toEqual([]);
    expect(
      (await checkVoucher(db, c.staff, c.merchant.id, at(c, "anything", deviceId))).result,
    ).toBe("bad_format");
    // The wrong codes stay on record, marked with who lifted the block.
    const kept = await db
      .select()
      .from(voucherCodeFailures)
      .where(eq(voucherCodeFailures.merchantId, c.merchant.id));
    expect(kept).toHaveLength(codeGuard.blockAt);
    expect(new Set(kept.map((f) => f.clearedBy))).toEqual(new Set([c.people.manager.id]));
    const audit = await db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.merchantId, c.merchant.id), eq(auditLog.action, "voucher.guard.lift")),
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: c.people.manager.id,
      entityType: "user",
      entityId: staffId,
    });
    expect(await verifyAuditChain(db, c.merchant.id)).toBeNull();
    await expectDomainError(
      liftCodeBlock(db, c.manager, c.merchant.id, { by: "user", userId: staffId }),
      "INVALID_STATE",
      "noCodeBlock",
    );
  });

  it("redeems no real voucher for a blocked cashier or device, and does once the block is lifted", async () => {
    const c = await seedPayments(db, "Guard redeem");
    const deviceId = newDevice();
    const { voucher } = await paidVoucher(db, c);
    const unchanged = async () => {
      const [row] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
      expect(row).toMatchObject({ status: "issued", usesLeft: voucher.usesLeft });
      expect(
        await db
          .select()
          .from(voucherRedemptions)
          .where(eq(voucherRedemptions.voucherId, voucher.id)),
      ).toEqual([]);
    };
    // One wrong code below the limit, the cashier still redeems.
    await guess(c, c.staff, deviceId, codeGuard.blockAt - 1);
    const first = await paidVoucher(db, c);
    expect(
      (await redeemVoucher(db, c.staff, c.merchant.id, at(c, first.voucher.code, deviceId))).result,
    ).toBe("redeemed");
    await guess(c, c.staff, deviceId, 1);
    // The user, on this device or another, and anyone on this device.
    for (const [who, on] of [
      [c.staff, deviceId],
      [c.staff, newDevice()],
      [c.manager, deviceId],
    ] as const) {
      await expectDomainError(
        redeemVoucher(db, who, c.merchant.id, at(c, voucher.code, on)),
        "RATE_LIMITED",
        "tooManyWrongCodes",
      );
    }
    // A manager is told they can lift it themselves, with the time left.
    expect(
      await caught(
        redeemVoucher(db, c.manager, c.merchant.id, at(c, voucher.code, deviceId), "manager"),
      ),
    ).toMatchObject({ code: "RATE_LIMITED", messageKey: "tooManyWrongCodesCanLift" });
    await unchanged();
    // Another cashier on another device goes on.
    const other = await paidVoucher(db, c);
    expect(
      (await redeemVoucher(db, c.manager, c.merchant.id, at(c, other.voucher.code))).result,
    ).toBe("redeemed");

    await liftCodeBlock(db, c.manager, c.merchant.id, { by: "user", userId: c.people.staff.id });
    expect(
      (await redeemVoucher(db, c.staff, c.merchant.id, at(c, voucher.code, deviceId))).result,
    ).toBe("redeemed");
    expect(await verifyAuditChain(db, c.merchant.id)).toBeNull();
  });

  it("blocks a counter device several people mistyped on, and lifts it by the device", async () => {
    const c = await seedPayments(db, "Guard device");
    const deviceId = newDevice();
    const half = codeGuard.blockAt / 2;
    await guess(c, c.staff, deviceId, half);
    await guess(c, c.manager, deviceId, half);
    const [block, ...none] = await listCodeBlocks(db, c.merchant.id);
    expect(none).toEqual([]);
    expect(block).toMatchObject({ by: "device", deviceId, wrongCodes: codeGuard.blockAt });
    expect(block?.by === "device" && [...block.userNames].sort()).toEqual(
      [labelOf(c.people.manager), labelOf(c.people.staff)].sort(),
    );
    // Each person alone is under the limit: on another device they go on.
    expect(
      (await checkVoucher(db, c.staff, c.merchant.id, at(c, "anything", newDevice()))).result,
    ).toBe("bad_format");
    await expectDomainError(
      checkVoucher(db, c.staff, c.merchant.id, at(c, "anything", deviceId)),
      "RATE_LIMITED",
      "tooManyWrongCodes",
    );
    const owner = actorOf(c.people.owner);
    expect(await liftCodeBlock(db, owner, c.merchant.id, { by: "device", deviceId })).toEqual({
      wrongCodesCleared: codeGuard.blockAt,
    });
    expect(
      (await checkVoucher(db, c.staff, c.merchant.id, at(c, "anything", deviceId))).result,
    ).toBe("bad_format");
  });
});

describe(`log, liability and receipt (${engine})`, () => {
  it("lists redemptions newest first by filters, paged, and totals outstanding and breakage", async () => {
    const c = await seedPayments(db, "Log");
    const single = await paidVoucher(db, c, undefined, 1000n);
    const multi = await paidVoucher(db, c, { uses: 3, validDays: null, storeOnly: false }, 1000n);
    const lapsed = await paidVoucher(db, c, undefined, 500n);
    await db
      .update(vouchers)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(vouchers.id, lapsed.voucher.id));
    await redeemVoucher(db, c.staff, c.merchant.id, at(c, single.voucher.code));
    await redeemVoucher(db, c.manager, c.merchant.id, at(c, multi.voucher.code));

    // 1000 × 2/3 rounded down; the redeemed single-use voucher owes nothing; 500 lapsed.
    expect(await voucherLiability(db, c.merchant.id)).toEqual([
      {
        currency: "CNY",
        outstandingMinor: 666n,
        outstandingCount: 1,
        breakageMinor: 500n,
        breakageCount: 1,
      },
    ]);

    const page1 = await listRedemptions(db, c.merchant.id, { limit: 1 });
    expect(page1.rows.map((r) => r.code)).toEqual([multi.voucher.code]);
    const page2 = await listRedemptions(db, c.merchant.id, { limit: 1, cursor: page1.nextCursor! });
    expect(page2.rows.map((r) => r.code)).toEqual([single.voucher.code]);
    expect(page2.nextCursor).toBeNull();
    const byStaff = await listRedemptions(db, c.merchant.id, { staffUserId: c.people.staff.id });
    expect(byStaff.rows.map((r) => r.code)).toEqual([single.voucher.code]);
    expect((await listRedemptions(db, c.merchant.id, { state: "reversed" })).rows).toEqual([]);
    expect(
      (await listRedemptions(db, a.merchant.id, { staffUserId: c.people.staff.id })).rows,
    ).toEqual([]);
  });

  it("shows the customer the receipt by code, nothing internal", async () => {
    const { voucher, order } = await paidVoucher(db, a, undefined, 1800n);
    const receipt = await loadReceipt(db, formatCode(voucher.code));
    expect(receipt).toMatchObject({
      code: voucher.code,
      status: "issued",
      orderNumber: order.number,
      amountMinor: 1800n,
      merchantName: a.merchant.name,
      storeName: a.store.name,
      methodLabel: "Cash",
      lastUsedAt: null,
    });
    expect(
      JSON.stringify(receipt, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
    ).not.toContain(a.merchant.id);
    await expectDomainError(loadReceipt(db, "nope"), "NOT_FOUND", "receiptNotFound");
  });
});
