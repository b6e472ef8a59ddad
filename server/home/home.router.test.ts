import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor } from "@/test/fixtures";
import { newOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder } from "@/server/payments/order.service";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let b: PaymentsSeed;

const callerFor = (user: SessionUser | null) => createCaller(contextFor(db, user));

beforeAll(async () => {
  a = await seedPayments(db, "HomeA");
  b = await seedPayments(db, "HomeB");
  await newOrder(db, a, 1100n); // the cashier's
  await createOrder(
    db,
    a.manager,
    a.merchant.id,
    createOrderInput.parse({ storeId: a.store.id, currency: "CNY", amountMinor: 2200n }),
  );
  await newOrder(db, b, 3300n); // another shop's cashier
});

describe(`home router (${engine})`, () => {
  it("shows a cashier only the orders they created, never a colleague's", async () => {
    const s = await callerFor(a.people.staff).home.summary();
    if (s.view !== "counter") throw new Error(s.view);
    expect(s.shift.orders).toBe(1);
    expect(s.shift.waiting.map((o) => o.amountMinor)).toEqual([1100n]);
    // No shop-wide figures in the cashier's answer.
    expect(Object.keys(s)).not.toContain("takings");
    expect(Object.keys(s)).not.toContain("alerts");
  });

  it("gives owners and managers the shop's figures, analysts the week's", async () => {
    for (const role of ["owner", "manager"] as const) {
      const s = await callerFor(a.people[role]).home.summary();
      expect(s.view).toBe("business");
      if (s.view === "business") expect(s.openOrders).toBe(2);
    }
    const analyst = await callerFor(a.people.analyst).home.summary();
    expect(analyst.view).toBe("week");
  });

  it("keeps each shop to itself", async () => {
    const s = await callerFor(b.people.manager).home.summary();
    if (s.view !== "business") throw new Error(s.view);
    expect(s.openOrders).toBe(1);
  });

  it("refuses a caller who is not signed in", async () => {
    const error = await callerFor(null)
      .home.summary()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  });
});
