import { and, eq, inArray, sql } from "drizzle-orm";
import {
  guideAcknowledgments,
  guides,
  memberships,
  merchants,
  paymentMethods,
  practiceShops,
  stores,
} from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { initialMethodSecrets } from "@/server/payments/payment-method.service";
import { progressState } from "./guide.logic";
import { one } from "@/db/one";

/** The guides a cashier should finish before working the counter alone. */
export const counterGuides = [
  "counter-payment",
  "verify-payment",
  "redeem-voucher",
  "payment-failures",
];

/** Marks the practice shop wherever its name shows: console, pay page, sandbox wallet. */
export const practicePrefix = "练习 Practice · ";

/**
 * Where the person stands: inside a practice shop (and which real shop it belongs to), or in a
 * real shop with or without the counter guides finished.
 */
export async function practiceStatus(db: DbOrTx, merchantId: string, userId: string) {
  const [asPractice] = await db
    .select({ parentMerchantId: practiceShops.parentMerchantId })
    .from(practiceShops)
    .where(eq(practiceShops.merchantId, merchantId));
  if (asPractice) return { isPractice: true as const, ...asPractice };

  const rows = await db
    .select({
      version: guides.version,
      hasQuiz: sql<boolean>`${guides.quiz} is not null`,
      ackVersion: guideAcknowledgments.version,
      acknowledgedAt: guideAcknowledgments.acknowledgedAt,
      quizPassedAt: guideAcknowledgments.quizPassedAt,
    })
    .from(guides)
    .leftJoin(
      guideAcknowledgments,
      and(eq(guideAcknowledgments.guideId, guides.id), eq(guideAcknowledgments.userId, userId)),
    )
    .where(and(eq(guides.merchantId, merchantId), inArray(guides.slug, counterGuides)));
  const unfinished = rows.filter(
    (r) =>
      progressState(
        r,
        r.ackVersion === null
          ? null
          : {
              version: r.ackVersion,
              acknowledgedAt: r.acknowledgedAt,
              quizPassedAt: r.quizPassedAt,
            },
      ).state !== "completed",
  ).length;
  return { isPractice: false as const, unfinishedCounterGuides: unfinished };
}

/**
 * Opens the merchant's practice shop for the person (creating it the first time): a tenant of
 * its own with one store, cash and two sandbox wallets, where they are a cashier. The caller
 * then switches to it like to any other shop; the real shop's data is never touched.
 */
export async function startPractice(
  db: Db,
  actor: Actor & { userId: string },
  merchantId: string,
  encryptionKey: Buffer,
): Promise<{ practiceMerchantId: string }> {
  return db.transaction(async (tx) => {
    const [alreadyPractice] = await tx
      .select({ id: practiceShops.merchantId })
      .from(practiceShops)
      .where(eq(practiceShops.merchantId, merchantId));
    if (alreadyPractice) return { practiceMerchantId: merchantId };

    // One practice shop per real shop, even when two trainees start at the same moment.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`practice:${merchantId}`}, 0))`,
    );
    const [parent] = await tx.select().from(merchants).where(eq(merchants.id, merchantId));
    if (!parent) throw new DomainError("NOT_FOUND", "merchantNotFound", "Merchant not found");
    let [shop] = await tx
      .select({ merchantId: practiceShops.merchantId })
      .from(practiceShops)
      .where(eq(practiceShops.parentMerchantId, merchantId));
    if (!shop) {
      shop = { merchantId: await createPracticeShop(tx, parent, encryptionKey) };
      await recordAudit(tx, actor, {
        merchantId,
        action: "practice.create",
        entityType: "merchant",
        entityId: shop.merchantId,
      });
    }
    const [joined] = await tx
      .insert(memberships)
      .values({ userId: actor.userId, merchantId: shop.merchantId, role: "staff" })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    if (joined) {
      await recordAudit(tx, actor, {
        merchantId,
        action: "practice.join",
        entityType: "membership",
        entityId: joined.id,
        after: { practiceMerchantId: shop.merchantId, role: "staff" },
      });
    }
    return { practiceMerchantId: shop.merchantId };
  });
}

async function createPracticeShop(
  tx: Tx,
  parent: typeof merchants.$inferSelect,
  encryptionKey: Buffer,
): Promise<string> {
  const shop = one(
    await tx
      .insert(merchants)
      .values({
        name: `${practicePrefix}${parent.name}`,
        defaultCurrency: parent.defaultCurrency,
        timeZone: parent.timeZone,
        locale: parent.locale,
      })
      .returning({ id: merchants.id }),
    "practice shop",
  );
  await tx.insert(stores).values({ merchantId: shop.id, name: "练习收银台 Practice counter" });
  const methods = [
    { kind: "cash" as const, label: "现金（练习） Cash (practice)", feeRateBps: 0 },
    {
      kind: "sandbox" as const,
      label: "模拟支付宝（练习） Simulated Alipay (practice)",
      feeRateBps: 60,
    },
    {
      kind: "sandbox" as const,
      label: "模拟微信支付（练习） Simulated WeChat Pay (practice)",
      feeRateBps: 60,
    },
  ];
  for (const method of methods) {
    const id = crypto.randomUUID();
    await tx.insert(paymentMethods).values({
      id,
      merchantId: shop.id,
      ...method,
      mode: "sandbox",
      currencies: [parent.defaultCurrency],
      settlementDelayDays: 0,
      ...initialMethodSecrets(method.kind, id, encryptionKey),
    });
  }
  await tx.insert(practiceShops).values({ merchantId: shop.id, parentMerchantId: parent.id });
  return shop.id;
}
