import { and, eq, inArray, isNotNull, lt, max, notInArray, sql } from "drizzle-orm";
import {
  merchants,
  notifications,
  orders,
  outbox,
  practiceShops,
  sessions,
  throttles,
  verifications,
} from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { one } from "@/db/one";
import { recordAudit, systemActor, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { cutoffBefore, practiceIdleDays, throttleRowDays } from "./housekeeping.logic";
import type { UpdateRetentionInput } from "./housekeeping.schema";
import { deleteShopHistory } from "./shop-history.service";

/** Rows changed per statement: keeps each transaction short while the shop is trading. */
const batchSize = 2000;

export interface PruneResult {
  notificationBodies: number;
  outboxMessages: number;
  sessions: number;
  verifications: number;
  throttles: number;
}

/**
 * Prunes what only takes room: raw notification bodies and headers past each merchant's
 * retention (the notification row stays, so a repeat is still recognised and the order's
 * history still says what arrived), customer messages delivered or given up past it, and,
 * install-wide, expired sign-ins and verification codes and throttle rows past their window.
 * Nothing a statement or the audit log reads is touched. Batched, one short statement each.
 */
export async function pruneRawRecords(db: Db, now = new Date()): Promise<PruneResult> {
  const result: PruneResult = {
    notificationBodies: 0,
    outboxMessages: 0,
    sessions: 0,
    verifications: 0,
    throttles: 0,
  };
  const shops = await db
    .select({ id: merchants.id, days: merchants.rawRetentionDays })
    .from(merchants);
  for (const shop of shops) {
    const cutoff = cutoffBefore(now, shop.days);
    result.notificationBodies += await inBatches(async () => {
      const due = db
        .select({ id: notifications.id })
        .from(notifications)
        .where(
          and(
            eq(notifications.merchantId, shop.id),
            isNotNull(notifications.rawBody),
            lt(notifications.receivedAt, cutoff),
          ),
        )
        .limit(batchSize);
      const done = await db
        .update(notifications)
        .set({ rawBody: null, headers: {} })
        .where(inArray(notifications.id, due))
        .returning({ id: notifications.id });
      return done.length;
    });
    result.outboxMessages += await inBatches(async () => {
      const due = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            eq(outbox.merchantId, shop.id),
            // Still to be sent, or being sent: never pruned, however old.
            notInArray(outbox.state, ["pending", "sending"]),
            lt(outbox.createdAt, cutoff),
          ),
        )
        .limit(batchSize);
      const done = await db
        .delete(outbox)
        .where(inArray(outbox.id, due))
        .returning({ id: outbox.id });
      return done.length;
    });
  }
  result.sessions = (
    await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id })
  ).length;
  result.verifications = (
    await db
      .delete(verifications)
      .where(lt(verifications.expiresAt, now))
      .returning({ id: verifications.id })
  ).length;
  result.throttles = (
    await db
      .delete(throttles)
      .where(lt(throttles.windowStartedAt, cutoffBefore(now, throttleRowDays)))
      .returning({ key: throttles.key })
  ).length;
  return result;
}

async function inBatches(step: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await step();
    total += n;
    if (n < batchSize) return total;
  }
}

/** The owner's retention for raw bodies and sent messages, audited. */
export async function updateRetention(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: UpdateRetentionInput,
) {
  return db.transaction(async (tx) => {
    const before = one(
      await tx
        .select({ days: merchants.rawRetentionDays })
        .from(merchants)
        .where(eq(merchants.id, merchantId))
        .for("update"),
      "merchant",
    );
    await tx
      .update(merchants)
      .set({ rawRetentionDays: input.days, updatedAt: new Date() })
      .where(eq(merchants.id, merchantId));
    await recordAudit(tx, actor, {
      merchantId,
      action: "merchant.retention.update",
      entityType: "merchant",
      entityId: merchantId,
      before: { days: before.days },
      after: { days: input.days },
    });
    return { days: input.days };
  });
}

/** What the Settings → Housekeeping card shows: the retention and the practice shop's size. */
export async function housekeepingStatus(db: DbOrTx, merchantId: string) {
  const shop = one(
    await db
      .select({ days: merchants.rawRetentionDays })
      .from(merchants)
      .where(eq(merchants.id, merchantId)),
    "merchant",
  );
  const [practice] = await db
    .select({
      orders: sql<number>`count(${orders.id})::int`,
      lastOrderAt: max(orders.createdAt),
    })
    .from(practiceShops)
    .leftJoin(orders, eq(orders.merchantId, practiceShops.merchantId))
    .where(eq(practiceShops.parentMerchantId, merchantId))
    .groupBy(practiceShops.merchantId);
  return {
    rawRetentionDays: shop.days,
    practice: practice
      ? { orders: practice.orders, lastOrderAt: practice.lastOrderAt, idleDays: practiceIdleDays }
      : null,
  };
}

/**
 * The owner's reset of the shop's practice shop: its orders, payments, vouchers and
 * figures are deleted so trainees start from a clean counter. The trainees stay members.
 */
export async function resetPracticeShop(db: Db, actor: Actor, merchantId: string) {
  return db.transaction(async (tx) => {
    const [practice] = await tx
      .select({ merchantId: practiceShops.merchantId })
      .from(practiceShops)
      .where(eq(practiceShops.parentMerchantId, merchantId))
      .for("update");
    if (!practice) {
      throw new DomainError("NOT_FOUND", "noPracticeShop", "This shop has no practice shop");
    }
    const deleted = await deleteShopHistory(tx, practice.merchantId);
    await recordAudit(tx, actor, {
      merchantId,
      action: "practice.reset",
      entityType: "merchant",
      entityId: practice.merchantId,
      after: { deletedOrders: deleted.orders },
    });
    return { deletedOrders: deleted.orders };
  });
}

/**
 * Wipes practice shops nobody has taken an order in for `practiceIdleDays`, one transaction
 * each. The row lock on the practice shop makes two instances' runs wipe each shop once.
 */
export async function cleanIdlePracticeShops(db: Db, now = new Date()): Promise<number> {
  const cutoff = cutoffBefore(now, practiceIdleDays);
  const idle = await db
    .select({ merchantId: practiceShops.merchantId, parent: practiceShops.parentMerchantId })
    .from(practiceShops)
    .innerJoin(orders, eq(orders.merchantId, practiceShops.merchantId))
    .groupBy(practiceShops.merchantId, practiceShops.parentMerchantId)
    .having(lt(max(orders.createdAt), cutoff));
  let wiped = 0;
  for (const shop of idle) {
    wiped += await db.transaction(async (tx) => {
      await tx
        .select({ id: practiceShops.merchantId })
        .from(practiceShops)
        .where(eq(practiceShops.merchantId, shop.merchantId))
        .for("update");
      // Checked again under the lock: a trainee may have taken an order since, or another
      // instance wiped it already.
      const [last] = await tx
        .select({ at: max(orders.createdAt) })
        .from(orders)
        .where(eq(orders.merchantId, shop.merchantId));
      if (!last?.at || last.at >= cutoff) return 0;
      const deleted = await deleteShopHistory(tx, shop.merchantId);
      await recordAudit(tx, systemActor, {
        merchantId: shop.parent,
        action: "practice.cleanup",
        entityType: "merchant",
        entityId: shop.merchantId,
        after: { deletedOrders: deleted.orders, idleDays: practiceIdleDays },
      });
      return 1;
    });
  }
  return wiped;
}
