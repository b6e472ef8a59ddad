import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { voucherRedemptions, vouchers } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor } from "@/test/fixtures";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { paidVoucher } from "@/test/vouchers";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let b: PaymentsSeed;

beforeAll(async () => {
  a = await seedPayments(db, "Alpha");
  b = await seedPayments(db, "Beta");
});

const callerFor = (user: SessionUser | null) => createCaller(contextFor(db, user));

const form = (seed: PaymentsSeed, code: string) => ({
  code,
  storeId: seed.store.id,
  deviceId: "router-test-device",
});

describe(`vouchers router: who may do what (${engine})`, () => {
  it("refuses every voucher procedure without a session", async () => {
    const anon = callerFor(null);
    for (const call of [
      () => anon.vouchers.check(form(a, "X")),
      () => anon.vouchers.redeem(form(a, "X")),
      () => anon.vouchers.redemptions({}),
      () => anon.vouchers.liability(),
    ]) {
      expect((await expectTRPCError(call())).code).toBe("UNAUTHORIZED");
    }
  });

  it.each(["owner", "manager", "staff"] as const)("lets %s check and redeem", async (role) => {
    const { voucher } = await paidVoucher(db, a);
    const caller = callerFor(a.people[role]);
    expect((await caller.vouchers.check(form(a, voucher.code))).result).toBe("valid");
    expect((await caller.vouchers.redeem(form(a, voucher.code))).result).toBe("redeemed");
  });

  it("refuses an analyst redeeming, nothing changed", async () => {
    const { voucher } = await paidVoucher(db, a);
    const analyst = callerFor(a.people.analyst);
    expect((await expectTRPCError(analyst.vouchers.redeem(form(a, voucher.code)))).code).toBe(
      "FORBIDDEN",
    );
    expect((await expectTRPCError(analyst.vouchers.check(form(a, voucher.code)))).code).toBe(
      "FORBIDDEN",
    );
    const [v] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
    expect(v!.usesLeft).toBe(1);
    // Reading the liability is an analyst's job.
    expect(await analyst.vouchers.liability()).toEqual(expect.any(Array));
  });

  it("refuses staff a reversal and a void; a manager may", async () => {
    const { voucher } = await paidVoucher(db, a);
    await callerFor(a.people.staff).vouchers.redeem(form(a, voucher.code));
    const [r] = await db
      .select()
      .from(voucherRedemptions)
      .where(eq(voucherRedemptions.voucherId, voucher.id));
    const staff = callerFor(a.people.staff);
    const reverse = { redemptionId: r!.id, reason: "Wrong customer" };
    expect((await expectTRPCError(staff.vouchers.reverse(reverse))).code).toBe("FORBIDDEN");
    expect(
      (await expectTRPCError(staff.vouchers.void({ voucherId: voucher.id, reason: "refund" })))
        .code,
    ).toBe("FORBIDDEN");
    expect((await expectTRPCError(staff.vouchers.liability())).code).toBe("FORBIDDEN");
    const [still] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
    expect(still!.usesLeft).toBe(0);
    expect(await callerFor(a.people.manager).vouchers.reverse(reverse)).toMatchObject({
      usesLeft: 1,
    });
  });

  it("shows code-guessing blocks and lifts them for owners and managers only", async () => {
    const lift = { by: "user", userId: a.people.staff.id } as const;
    for (const role of ["staff", "analyst"] as const) {
      const caller = callerFor(a.people[role]);
      expect((await expectTRPCError(caller.vouchers.codeBlocks())).code).toBe("FORBIDDEN");
      expect((await expectTRPCError(caller.vouchers.liftCodeBlock(lift))).code).toBe("FORBIDDEN");
    }
    for (const role of ["owner", "manager"] as const)
      expect(await callerFor(a.people[role]).vouchers.codeBlocks()).toEqual(expect.any(Array));
    // Nothing to lift: refused with a reason, not a success.
    const err = await expectTRPCError(callerFor(a.people.manager).vouchers.liftCodeBlock(lift));
    expect(err.code).toBe("PRECONDITION_FAILED");
    const bad = await expectTRPCError(
      callerFor(a.people.manager).vouchers.liftCodeBlock({ by: "device", deviceId: "../x" }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
  });

  // The log's export is the export route's (server/exports/export-route.service.test.ts).
  it("opens the rules' changes only to the back office", async () => {
    const staff = callerFor(a.people.staff);
    const rules = { defaultUses: 2, validDays: 30, storeOnly: false, reversalWindowMinutes: 10 };
    expect((await expectTRPCError(staff.vouchers.updateSettings(rules))).code).toBe("FORBIDDEN");
    const analyst = callerFor(a.people.analyst);
    expect((await expectTRPCError(analyst.vouchers.updateSettings(rules))).code).toBe("FORBIDDEN");
    expect(await analyst.vouchers.settings()).toMatchObject({ defaultUses: 1 });
    const owner = callerFor(a.people.owner);
    await owner.vouchers.updateSettings(rules);
    expect(await staff.vouchers.settings()).toEqual(rules);
    await owner.vouchers.updateSettings({ ...rules, defaultUses: 1, validDays: null });
  });

  it("keeps merchants apart: another merchant's voucher, redemption and log stay unseen", async () => {
    const { voucher } = await paidVoucher(db, b);
    await callerFor(b.people.staff).vouchers.redeem(form(b, voucher.code));
    const [theirs] = await db
      .select()
      .from(voucherRedemptions)
      .where(eq(voucherRedemptions.voucherId, voucher.id));
    const manager = callerFor(a.people.manager);
    expect((await manager.vouchers.check(form(a, voucher.code))).result).toBe("not_found");
    const err = await expectTRPCError(
      manager.vouchers.reverse({ redemptionId: theirs!.id, reason: "not ours" }),
    );
    expect(err.code).toBe("NOT_FOUND");
    expect(
      (await expectTRPCError(manager.vouchers.void({ voucherId: voucher.id, reason: "x1" }))).code,
    ).toBe("NOT_FOUND");
    const log = await manager.vouchers.redemptions({});
    expect(log.rows.map((row) => row.code)).not.toContain(voucher.code);
    expect(await manager.vouchers.forOrder({ orderId: (await paidVoucher(db, b)).order.id })).toBe(
      null,
    );
  });

  it("refuses bad input with the field named", async () => {
    const staff = callerFor(a.people.staff);
    const err = await expectTRPCError(staff.vouchers.redeem({ code: "", storeId: "nope" }));
    expect(err.code).toBe("BAD_REQUEST");
    const manager = callerFor(a.people.manager);
    const bad = await expectTRPCError(
      manager.vouchers.updateSettings({
        defaultUses: 0,
        validDays: null,
        storeOnly: false,
        reversalWindowMinutes: 10,
      }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
  });

  it("shows anyone the receipt by its code, without signing in", async () => {
    const { voucher, order } = await paidVoucher(db, a);
    const receipt = await callerFor(null).receipt.view({ code: voucher.code });
    expect(receipt.orderNumber).toBe(order.number);
    expect((await expectTRPCError(callerFor(null).receipt.view({ code: "ZZZZ" }))).code).toBe(
      "NOT_FOUND",
    );
  });
});
