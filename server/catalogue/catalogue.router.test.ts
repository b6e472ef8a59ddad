import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor } from "@/test/fixtures";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { listAudit } from "@/server/audit/audit.service";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { quickKeyFor, quickKeyIndex } from "./catalogue.logic";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let b: PaymentsSeed;

beforeAll(async () => {
  a = await seedPayments(db, "Alpha");
  b = await seedPayments(db, "Beta");
});

const callerFor = (user: SessionUser) => createCaller(contextFor(db, user));

describe("quick-key shortcuts", () => {
  it("are letters in keyboard order, never digits, and read back case-blind", () => {
    expect([0, 1, 2].map(quickKeyFor)).toEqual(["q", "w", "e"]);
    expect(quickKeyFor(26)).toBeNull();
    expect(quickKeyIndex("W")).toBe(1);
    expect(quickKeyIndex("1")).toBe(-1);
    expect(quickKeyIndex("Enter")).toBe(-1);
  });
});

describe(`a store's catalogue (${engine})`, () => {
  it("lets a manager add, edit, order and remove items, each audited", async () => {
    const manager = callerFor(a.people.manager);
    const latte = await manager.catalogue.create({
      storeId: a.store.id,
      name: " Latte ",
      priceMinor: 2800n,
    });
    const tea = await manager.catalogue.create({
      storeId: a.store.id,
      name: "Tea",
      priceMinor: 1500n,
    });
    expect(latte).toMatchObject({
      name: "Latte",
      priceMinor: 2800n,
      currency: "CNY",
      enabled: true,
    });
    expect(tea.position).toBe(latte.position + 1);

    const moved = await manager.catalogue.move({ itemId: tea.id, direction: "up" });
    expect(moved.map((i) => i.name)).toEqual(["Tea", "Latte"]);
    // The first item cannot go higher: nothing changes.
    const same = await manager.catalogue.move({ itemId: tea.id, direction: "up" });
    expect(same.map((i) => i.name)).toEqual(["Tea", "Latte"]);

    await manager.catalogue.update({
      itemId: latte.id,
      name: "Latte (large)",
      priceMinor: 3200n,
      enabled: false,
    });
    const all = await manager.catalogue.list({ storeId: a.store.id });
    expect(all.map((i) => [i.name, i.priceMinor, i.enabled])).toEqual([
      ["Tea", 1500n, true],
      ["Latte (large)", 3200n, false],
    ]);
    // The counter sees the enabled items only.
    const keys = await callerFor(a.people.staff).catalogue.quickKeys({ storeId: a.store.id });
    expect(keys.map((i) => i.name)).toEqual(["Tea"]);

    await manager.catalogue.remove({ itemId: tea.id });
    expect((await manager.catalogue.list({ storeId: a.store.id })).map((i) => i.name)).toEqual([
      "Latte (large)",
    ]);

    const actions = (await listAudit(db, a.merchant.id, { entityType: "catalogue_item" })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        "catalogue_item.create",
        "catalogue_item.update",
        "catalogue_item.move",
        "catalogue_item.remove",
      ]),
    );
  });

  it("lets the owner keep it too; cashiers only read the quick keys, analysts nothing", async () => {
    const owner = callerFor(a.people.owner);
    const item = await owner.catalogue.create({
      storeId: a.store.id,
      name: "Cake",
      priceMinor: 900n,
    });
    const staff = callerFor(a.people.staff);
    for (const call of [
      () => staff.catalogue.list({ storeId: a.store.id }),
      () => staff.catalogue.create({ storeId: a.store.id, name: "Nope", priceMinor: 1n }),
      () => staff.catalogue.update({ itemId: item.id, name: "Nope", priceMinor: 1n }),
      () => staff.catalogue.move({ itemId: item.id, direction: "down" }),
      () => staff.catalogue.remove({ itemId: item.id }),
    ]) {
      expect((await expectTRPCError(call())).code).toBe("FORBIDDEN");
    }
    const analyst = callerFor(a.people.analyst);
    expect((await expectTRPCError(analyst.catalogue.quickKeys({ storeId: a.store.id }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("never touches another shop's catalogue: its store and items are not found", async () => {
    const theirs = await callerFor(b.people.manager).catalogue.create({
      storeId: b.store.id,
      name: "Beta bun",
      priceMinor: 700n,
    });
    const manager = callerFor(a.people.manager);
    for (const call of [
      () => manager.catalogue.create({ storeId: b.store.id, name: "Taken", priceMinor: 1n }),
      () => manager.catalogue.update({ itemId: theirs.id, name: "Taken", priceMinor: 1n }),
      () => manager.catalogue.move({ itemId: theirs.id, direction: "up" }),
      () => manager.catalogue.remove({ itemId: theirs.id }),
    ]) {
      expect((await expectTRPCError(call())).code).toBe("NOT_FOUND");
    }
    expect(await manager.catalogue.list({ storeId: b.store.id })).toEqual([]);
    expect(await callerFor(a.people.staff).catalogue.quickKeys({ storeId: b.store.id })).toEqual(
      [],
    );
    expect(
      (await callerFor(b.people.manager).catalogue.list({ storeId: b.store.id }))[0],
    ).toMatchObject({ name: "Beta bun", priceMinor: 700n });
  });

  it("refuses a blank name and a price that is not positive", async () => {
    const manager = callerFor(a.people.manager);
    for (const input of [
      { name: " ", priceMinor: 100n },
      { name: "Free", priceMinor: 0n },
    ]) {
      const error = await expectTRPCError(
        manager.catalogue.create({ storeId: a.store.id, ...input }),
      );
      expect(error.code).toBe("BAD_REQUEST");
    }
  });
});
