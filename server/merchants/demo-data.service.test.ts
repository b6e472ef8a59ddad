import { verifyPassword } from "better-auth/crypto";
import { TRPCError } from "@trpc/server";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  accounts,
  analyticsScorecards,
  customerDailyRollups,
  customerFirstMethodRollups,
  customerLifetimeRollups,
  customerMethodTotals,
  customers,
  customerSwitchRollups,
  guides,
  memberships,
  merchants,
  orders,
  paymentDailyRollups,
  paymentFailures,
  paymentMethods,
  promotionHolds,
  riskHits,
  riskStaffDays,
  riskWatermarks,
  satisfactionRollups,
  sessions,
  stores,
  users,
  vouchers,
} from "@/db/schema";
import { seedDemoIfEmpty } from "@/server/demo/demo";
import { demoAccounts } from "@/server/demo/demo-accounts";
import { findDemoShop, seedDemoHistory } from "@/server/demo/history";
import { seedDemoCustomers } from "@/server/demo/history-customers";
import { customerKeyOf } from "@/server/customers/customer-key";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor, testEncryptionKey } from "@/test/fixtures";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { paidVoucher } from "@/test/vouchers";
import { listAudit, verifyAuditChain } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { sandboxAllowed } from "@/server/payments/method-offer.service";
import { installStatus } from "@/server/setup/setup.service";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { removeDemoDataInput } from "./demo-data.schema";
import { demoDataStatus, removeDemoData } from "./demo-data.service";

const { db } = setupTestDatabase();
let demo: Awaited<ReturnType<typeof findDemoShop>>;
let owner: SessionUser;
let other: PaymentsSeed;

const count = async (
  table: typeof orders | typeof vouchers | typeof paymentFailures,
  merchantId: string,
) => {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(table)
    .where(eq(table.merchantId, merchantId));
  return row!.n;
};

beforeAll(async () => {
  await seedDemoIfEmpty(db, testEncryptionKey);
  const history = await seedDemoHistory(db, { orders: 300, days: 5, seed: "demo-removal" });
  await seedDemoCustomers(db, history.merchantId, customerKeyOf(history.merchantId));
  demo = await findDemoShop(db);
  const [row] = await db.select().from(users).where(eq(users.id, demo.ownerId));
  owner = { id: row!.id, email: row!.email, name: row!.name, locale: null };
  other = await seedPayments(db, "Real");
  await paidVoucher(db, other);
});

async function errorOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const actor = (u: { id: string }) => ({ userId: u.id, ip: null, userAgent: "vitest" });

describe(`removing the demo data (${engine})`, () => {
  it("is the owner's alone", async () => {
    const manager = demoAccounts.find((a) => a.role === "manager")!;
    const [m] = await db.select().from(users).where(eq(users.email, manager.email));
    const error = await createCaller(
      contextFor(db, { id: m!.id, email: m!.email, name: m!.name, locale: null }),
    )
      .merchant.removeDemoData({ confirmName: "x" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
  });

  it("is refused in a shop that is no demo", async () => {
    const error = await errorOf(
      removeDemoData(db, actor(other.people.owner), other.merchant.id, {
        confirmName: other.merchant.name,
      }),
    );
    expect(error.messageKey).toBe("notDemoShop");
    expect(await demoDataStatus(db, other.merchant.id, other.people.owner.id)).toEqual({
      isDemoShop: false,
      signedInAsDemoAccount: false,
    });
  });

  it("needs the shop's name typed, and the demo owner's own e-mail and password", async () => {
    const [shop] = await db.select().from(merchants).where(eq(merchants.id, demo.id));
    expect(
      (await errorOf(removeDemoData(db, actor(owner), demo.id, { confirmName: "Demo" })))
        .messageKey,
    ).toBe("confirmNameMismatch");
    expect(
      (await errorOf(removeDemoData(db, actor(owner), demo.id, { confirmName: shop!.name })))
        .messageKey,
    ).toBe("demoOwnerNeedsOwnEmail");
    // Nothing was deleted by the refusals.
    expect(await count(orders, demo.id)).toBeGreaterThan(0);
    expect(await demoDataStatus(db, demo.id, owner.id)).toEqual({
      isDemoShop: true,
      signedInAsDemoAccount: true,
    });
  });

  it("deletes the history and the other demo members, keeps the shop, and nothing comes back", async () => {
    const [shop] = await db.select().from(merchants).where(eq(merchants.id, demo.id));
    const before = {
      stores: (await db.select().from(stores).where(eq(stores.merchantId, demo.id))).length,
      methods: (
        await db.select().from(paymentMethods).where(eq(paymentMethods.merchantId, demo.id))
      ).length,
      guides: (await db.select().from(guides).where(eq(guides.merchantId, demo.id))).length,
      otherOrders: await count(orders, other.merchant.id),
      otherVouchers: await count(vouchers, other.merchant.id),
    };
    expect(await count(vouchers, demo.id)).toBeGreaterThan(0);
    expect(await count(paymentFailures, demo.id)).toBeGreaterThan(0);

    expect(await sandboxAllowed(db, demo.id, false)).toBe(true);
    const result = await removeDemoData(
      db,
      actor(owner),
      demo.id,
      removeDemoDataInput.parse({
        confirmName: shop!.name,
        ownerEmail: " Wang@My-Cafe.example",
        ownerName: "Wang",
        ownerPassword: "my-own-password",
      }),
    );
    expect(result).toEqual({ deletedOrders: 300, removedMembers: 3, signedOut: true });
    // A real shop now: its sandbox wallets take no more payments.
    expect(await sandboxAllowed(db, demo.id, false)).toBe(false);

    for (const table of [orders, vouchers, paymentFailures] as const) {
      expect(await count(table, demo.id)).toBe(0);
    }
    // What was learnt from that history goes with it: the demo's customers and their habits,
    // the receipts' ratings, the anomalies found in the staff's days.
    const learnt = {
      analyticsScorecards,
      customerDailyRollups,
      customerFirstMethodRollups,
      customerLifetimeRollups,
      customerMethodTotals,
      customers,
      customerSwitchRollups,
      promotionHolds,
      riskHits,
      riskStaffDays,
      riskWatermarks,
      satisfactionRollups,
    };
    const left: Record<string, number> = {};
    for (const [name, table] of Object.entries(learnt)) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(table)
        .where(eq(table.merchantId, demo.id));
      if (row!.n > 0) left[name] = row!.n;
    }
    expect(left).toEqual({});
    expect(
      await db
        .select()
        .from(paymentDailyRollups)
        .where(eq(paymentDailyRollups.merchantId, demo.id)),
    ).toEqual([]);
    // The shop, its stores, methods and guides stay; only the owner is left on the team.
    expect(await db.select().from(merchants).where(eq(merchants.id, demo.id))).toHaveLength(1);
    expect((await db.select().from(stores).where(eq(stores.merchantId, demo.id))).length).toBe(
      before.stores,
    );
    expect(
      (await db.select().from(paymentMethods).where(eq(paymentMethods.merchantId, demo.id))).length,
    ).toBe(before.methods);
    expect((await db.select().from(guides).where(eq(guides.merchantId, demo.id))).length).toBe(
      before.guides,
    );
    const team = await db
      .select({ userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(eq(memberships.merchantId, demo.id));
    expect(team).toEqual([{ userId: owner.id, role: "owner" }]);

    // The owner signs in with their own e-mail and password; the demo password works for nobody.
    const [me] = await db.select().from(users).where(eq(users.id, owner.id));
    expect(me).toMatchObject({ email: "wang@my-cafe.example", name: "Wang" });
    const [credential] = await db
      .select({ password: accounts.password })
      .from(accounts)
      .where(and(eq(accounts.userId, owner.id), eq(accounts.providerId, "credential")));
    expect(await verifyPassword({ hash: credential!.password!, password: "my-own-password" })).toBe(
      true,
    );
    const demoUsers = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`${users.email} like '%@demo-cafe.example'`);
    expect(demoUsers).toHaveLength(3);
    for (const u of demoUsers) {
      expect(await db.select().from(accounts).where(eq(accounts.userId, u.id))).toEqual([]);
      expect(await db.select().from(sessions).where(eq(sessions.userId, u.id))).toEqual([]);
    }

    // Another shop's data is untouched.
    expect(await count(orders, other.merchant.id)).toBe(before.otherOrders);
    expect(await count(vouchers, other.merchant.id)).toBe(before.otherVouchers);

    // Demo seeding at the next start, and `npm run seed`, put nothing back.
    expect(await seedDemoIfEmpty(db, testEncryptionKey)).toBe(false);
    await expect(findDemoShop(db)).rejects.toThrow(/No demo merchant/);
    expect(await installStatus(db)).toEqual({ needsSetup: false, hasDemoAccounts: false });
    expect(await demoDataStatus(db, demo.id, owner.id)).toMatchObject({ isDemoShop: false });

    const [audit] = await listAudit(db, demo.id, { limit: 1 });
    expect(audit).toMatchObject({ action: "merchant.demo_data.remove", actorUserId: owner.id });
    expect(await verifyAuditChain(db, demo.id)).toBeNull();
  });
});
