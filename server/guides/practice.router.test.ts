import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { guides, merchants, paymentMethods, stores } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor, seedMerchant } from "@/test/fixtures";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { loadShippedGuides } from "./shipped-guides";
import { seedShippedGuides, seedShippedGuidesForAll } from "./shipped-guides.service";

const { db } = setupTestDatabase();
let a: Awaited<ReturnType<typeof seedMerchant>>;
const shipped = loadShippedGuides();

beforeAll(async () => {
  a = await seedMerchant(db, "Practice");
  await db.transaction((tx) => seedShippedGuides(tx, a.merchant.id, shipped));
});

const callerFor = (user: SessionUser, merchantId: string | null = null) =>
  createCaller(contextFor(db, user, merchantId));

describe(`practice shop (${engine})`, () => {
  it("counts the counter guides a cashier has not finished", async () => {
    const staff = callerFor(a.people.staff);
    expect(await staff.guides.practiceStatus()).toEqual({
      isPractice: false,
      unfinishedCounterGuides: 4,
    });
    const guide = await staff.guides.bySlug({ slug: "counter-payment", locale: "en" });
    await staff.guides.acknowledge({ slug: "counter-payment", version: guide.version });
    const counter = shipped.find((g) => g.slug === "counter-payment")!;
    await staff.guides.submitQuiz({
      slug: "counter-payment",
      version: guide.version,
      answers: Object.fromEntries(counter.quiz!.questions.map((q) => [q.id, q.correct])),
    });
    expect(await staff.guides.practiceStatus()).toMatchObject({ unfinishedCounterGuides: 3 });
  });

  it("opens one practice shop per shop, with sandbox wallets and cash only, marked in its name", async () => {
    const { practiceMerchantId } = await callerFor(a.people.staff).guides.startPractice();
    const again = await callerFor(a.people.manager).guides.startPractice();
    expect(again.practiceMerchantId).toBe(practiceMerchantId);
    // From inside the practice shop it stays there.
    expect(await callerFor(a.people.staff, practiceMerchantId).guides.startPractice()).toEqual({
      practiceMerchantId,
    });

    const [shop] = await db.select().from(merchants).where(eq(merchants.id, practiceMerchantId));
    expect(shop!.name).toBe(`练习 Practice · ${a.merchant.name}`);
    const methods = await db
      .select({ kind: paymentMethods.kind, mode: paymentMethods.mode })
      .from(paymentMethods)
      .where(eq(paymentMethods.merchantId, practiceMerchantId));
    expect(methods.map((m) => m.kind).sort()).toEqual(["cash", "sandbox", "sandbox"]);
    expect(methods.every((m) => m.mode === "sandbox")).toBe(true);

    const me = await callerFor(a.people.manager, practiceMerchantId).me.get();
    // A manager practises as a cashier.
    expect(me.merchant).toMatchObject({ merchantId: practiceMerchantId, role: "staff" });
    expect(await callerFor(a.people.staff, practiceMerchantId).guides.practiceStatus()).toEqual({
      isPractice: true,
      parentMerchantId: a.merchant.id,
    });
    // Without choosing it, people still land in their real shop.
    expect((await callerFor(a.people.staff).me.get()).merchant?.merchantId).toBe(a.merchant.id);
  });

  it("keeps practice orders out of the real shop", async () => {
    const { practiceMerchantId } = await callerFor(a.people.staff).guides.startPractice();
    const practice = callerFor(a.people.staff, practiceMerchantId);
    const [store] = await db
      .select({ id: stores.id })
      .from(stores)
      .where(eq(stores.merchantId, practiceMerchantId));
    const order = await practice.orders.create({
      storeId: store!.id,
      currency: "CNY",
      amountMinor: 3200n,
    });
    const practiceList = await practice.orders.list({});
    expect(practiceList.rows.map((r) => r.id)).toContain(order.id);
    const realList = await callerFor(a.people.owner).orders.list({});
    expect(realList.rows.map((r) => r.id)).not.toContain(order.id);
    // A practice store cannot be used from the real shop.
    const error = await callerFor(a.people.staff)
      .orders.create({ storeId: store!.id, currency: "CNY", amountMinor: 100n })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
  });

  it("is not for analysts, and gets no guides of its own at start-up", async () => {
    const error = await callerFor(a.people.analyst)
      .guides.startPractice()
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
    const { practiceMerchantId } = await callerFor(a.people.staff).guides.startPractice();
    await seedShippedGuidesForAll(db);
    expect(await db.select().from(guides).where(eq(guides.merchantId, practiceMerchantId))).toEqual(
      [],
    );
  });
});
