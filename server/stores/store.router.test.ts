import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor } from "@/test/fixtures";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { paidVoucher } from "@/test/vouchers";
import { listAudit, verifyAuditChain } from "@/server/audit/audit.service";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { formatCode } from "@/server/vouchers/voucher-code.logic";
import { parseDayHours } from "./opening-hours.logic";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let b: PaymentsSeed;

beforeAll(async () => {
  a = await seedPayments(db, "Alpha");
  b = await seedPayments(db, "Beta");
});

const callerFor = (user: SessionUser) => createCaller(contextFor(db, user));

const week = ["08:00-20:00", "08:00-20:00", "", "08:00-12:00, 14:00-20:00", "", "", ""];

describe("opening hours", () => {
  it("reads ranges, normalizes them and refuses what cannot be read", () => {
    expect(parseDayHours("")).toEqual([]);
    expect(parseDayHours(" 14:00-20:00，08:00 - 12:00 ")).toEqual(["08:00-12:00", "14:00-20:00"]);
    expect(parseDayHours("18:00-24:00")).toEqual(["18:00-24:00"]);
    expect(parseDayHours("9-17")).toBeNull();
    expect(parseDayHours("20:00-08:00")).toBeNull();
    expect(parseDayHours("08:00-12:00, 11:00-14:00")).toBeNull();
    expect(parseDayHours("25:00-26:00")).toBeNull();
  });
});

describe(`stores (${engine})`, () => {
  it("lets the owner add a store with address, hours and receipt header, audited", async () => {
    const owner = callerFor(a.people.owner);
    const created = await owner.stores.create({
      name: "  Riverside ",
      address: "1 River Road",
      openingHours: week,
      receiptHeader: "Thank you!\nTax no. 123",
    });
    expect(created).toMatchObject({
      name: "Riverside",
      address: "1 River Road",
      openingHours: [
        ["08:00-20:00"],
        ["08:00-20:00"],
        [],
        ["08:00-12:00", "14:00-20:00"],
        [],
        [],
        [],
      ],
      receiptHeader: "Thank you!\nTax no. 123",
      closedAt: null,
    });
    const names = (await owner.stores.list()).map((s) => s.name);
    expect(names).toContain("Riverside");
    const [audit] = await listAudit(db, a.merchant.id, { entityType: "store" });
    expect(audit).toMatchObject({
      action: "store.create",
      entityId: created.id,
      actorUserId: a.people.owner.id,
    });
  });

  it("refuses unreadable hours with a field error", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.owner).stores.create({
        name: "Bad hours",
        openingHours: ["8 to 5", "", "", "", "", "", ""],
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
  });

  it("lets managers read stores but not change them; cashiers and analysts see nothing", async () => {
    const manager = callerFor(a.people.manager);
    expect((await manager.stores.list()).length).toBeGreaterThan(0);
    expect((await expectTRPCError(manager.stores.create({ name: "Nope" }))).code).toBe("FORBIDDEN");
    expect((await expectTRPCError(manager.stores.close({ storeId: a.store.id }))).code).toBe(
      "FORBIDDEN",
    );
    expect(
      (await expectTRPCError(manager.stores.update({ storeId: a.store.id, name: "Nope" }))).code,
    ).toBe("FORBIDDEN");
    for (const role of ["staff", "analyst"] as const) {
      expect((await expectTRPCError(callerFor(a.people[role]).stores.list())).code).toBe(
        "FORBIDDEN",
      );
    }
  });

  it("never touches another shop's store: it is not found", async () => {
    const owner = callerFor(a.people.owner);
    for (const call of [
      () => owner.stores.update({ storeId: b.store.id, name: "Taken" }),
      () => owner.stores.close({ storeId: b.store.id }),
      () => owner.stores.reopen({ storeId: b.store.id }),
    ]) {
      expect((await expectTRPCError(call())).code).toBe("NOT_FOUND");
    }
    expect((await owner.stores.list()).map((s) => s.id)).not.toContain(b.store.id);
    const bStores = await callerFor(b.people.owner).stores.list();
    expect(bStores).toMatchObject([{ id: b.store.id, name: b.store.name, closedAt: null }]);
  });

  it("renames a store and prints its receipt header on the customer's receipt", async () => {
    const owner = callerFor(a.people.owner);
    const updated = await owner.stores.update({
      storeId: a.store.id,
      name: "Harbour Front",
      address: "",
      receiptHeader: "Welcome back",
    });
    expect(updated).toMatchObject({
      name: "Harbour Front",
      address: null,
      receiptHeader: "Welcome back",
    });
    const { voucher } = await paidVoucher(db, a);
    const receipt = await callerFor(a.people.staff).receipt.view({
      code: formatCode(voucher.code),
    });
    expect(receipt).toMatchObject({ storeName: "Harbour Front", receiptHeader: "Welcome back" });
    expect((await listAudit(db, a.merchant.id, { entityType: "store" }))[0]).toMatchObject({
      action: "store.update",
      before: { name: a.store.name },
      after: { name: "Harbour Front", receiptHeader: "Welcome back" },
    });
  });

  it("a closed store is not offered for new orders nor in the switcher; its history stays", async () => {
    const owner = callerFor(a.people.owner);
    const staff = callerFor(a.people.staff);
    const { order } = await paidVoucher(db, a);
    await owner.stores.close({ storeId: a.store.id });

    const me = await staff.me.get();
    expect(me.stores.map((s) => s.id)).not.toContain(a.store.id);
    const refused = await expectTRPCError(
      staff.orders.create({ storeId: a.store.id, currency: "CNY", amountMinor: 500n }),
    );
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.cause).toMatchObject({ messageKey: "storeClosed" });
    // The old order is still there, still at that store.
    const old = await owner.orders.byId({ orderId: order.id });
    expect(old).toMatchObject({ id: order.id, storeId: a.store.id });
    const listed = await owner.stores.list();
    expect(listed.find((s) => s.id === a.store.id)?.closedAt).toBeInstanceOf(Date);

    // A second close says so; reopening brings it back.
    expect((await expectTRPCError(owner.stores.close({ storeId: a.store.id }))).code).toBe(
      "PRECONDITION_FAILED",
    );
    await owner.stores.reopen({ storeId: a.store.id });
    expect((await staff.me.get()).stores.map((s) => s.id)).toContain(a.store.id);
    const actions = (await listAudit(db, a.merchant.id)).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["store.close", "store.reopen"]));
    expect(await verifyAuditChain(db, a.merchant.id)).toBeNull();
  });

  it("keeps at least one store open", async () => {
    const owner = callerFor(b.people.owner);
    const error = await expectTRPCError(owner.stores.close({ storeId: b.store.id }));
    expect(error.cause).toMatchObject({ messageKey: "lastOpenStore" });
  });
});
