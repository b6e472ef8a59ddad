import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orders, stores, voucherRedemptions, vouchers } from "@/db/schema";
import { setupTestDatabase } from "@/test/db";
import { testEncryptionKey } from "@/test/fixtures";
import { redeemVoucher } from "@/server/vouchers/redemption.service";
import { parseCode } from "@/server/vouchers/voucher-code.logic";
import { voucherLiability } from "@/server/vouchers/voucher-report.service";
import { seedDemoIfEmpty } from "./demo";
import { seedDemoHistory } from "./history";

const { db } = setupTestDatabase();

beforeAll(async () => {
  await seedDemoIfEmpty(db, testEncryptionKey);
});

/** Refunded orders were paid too: their voucher stays (void after a full refund). */
const paidOrders = ({ ordersByStatus: s }: { ordersByStatus: Record<string, number> }) =>
  (s.paid ?? 0) + (s.partially_refunded ?? 0) + (s.refunded ?? 0);

describe("demo history vouchers", () => {
  it("gives each paid order one voucher, redemptions for the used ones, and figures to show", async () => {
    const summary = await seedDemoHistory(db, { orders: 400, days: 60, seed: "v", batchSize: 150 });
    const paid = paidOrders(summary);
    const rows = await db
      .select()
      .from(vouchers)
      .where(eq(vouchers.merchantId, summary.merchantId));
    expect(rows).toHaveLength(paid);
    expect(rows.every((v) => parseCode(v.code).ok)).toBe(true);
    const redeemed = rows.filter((v) => v.status === "redeemed");
    expect(redeemed.length).toBeGreaterThan(paid / 2);
    expect(redeemed.length).toBeLessThan(paid);
    const [{ n } = { n: 0 }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(voucherRedemptions)
      .where(eq(voucherRedemptions.merchantId, summary.merchantId));
    // Used ones: redeemed, or used before a refund voided them.
    expect(n).toBe(rows.filter((v) => v.usesLeft === 0).length);

    const [liability] = await voucherLiability(db, summary.merchantId);
    expect(liability!.outstandingCount).toBeGreaterThan(0);
    expect(liability!.breakageCount).toBeGreaterThan(0);

    // An imported voucher still valid is redeemable like a live one.
    const open = rows.find((v) => v.status === "issued" && v.expiresAt! > new Date())!;
    const [store] = await db.select().from(stores).where(eq(stores.merchantId, summary.merchantId));
    const [order] = await db.select().from(orders).where(eq(orders.id, open.orderId));
    const result = await redeemVoucher(
      db,
      { userId: order!.createdBy, ip: null, userAgent: null },
      summary.merchantId,
      { code: open.code, storeId: store!.id },
    );
    expect(result.result).toBe("redeemed");
  });

  it("replaces them with --fresh", async () => {
    const summary = await seedDemoHistory(db, { orders: 50, days: 5, seed: "w", fresh: true });
    const rows = await db
      .select({ orderId: vouchers.orderId })
      .from(vouchers)
      .innerJoin(orders, eq(orders.id, vouchers.orderId))
      .where(and(eq(vouchers.merchantId, summary.merchantId)));
    expect(rows).toHaveLength(paidOrders(summary));
  });
});
