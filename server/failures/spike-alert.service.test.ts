import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, auditLog, orders, paymentAttempts } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { resolveAlert } from "@/server/alerts/alert.service";
import { checkFailureSpikes, listSpikeAlerts } from "./spike-alert.service";

const now = new Date("2026-11-20T10:00:00Z");
const minutes = (m: number) => new Date(now.getTime() - m * 60_000);

const { db } = setupTestDatabase();

/** Ended attempts of the sandbox method at `at`: `failed` failures and `paid` successes. */
async function history(seed: PaymentsSeed, at: Date, failed: number, paid: number) {
  const rows = Array.from({ length: failed + paid }, (_, i) => i);
  const made = await db
    .insert(orders)
    .values(
      rows.map((i) => ({
        merchantId: seed.merchant.id,
        storeId: seed.store.id,
        number: `T-${randomBytes(6).toString("hex")}-${i}`,
        status: i < failed ? ("pending" as const) : ("paid" as const),
        currency: "CNY",
        amountMinor: 1000n,
        createdAt: at,
      })),
    )
    .returning({ id: orders.id });
  await db.insert(paymentAttempts).values(
    made.map((o, i) => ({
      merchantId: seed.merchant.id,
      orderId: o.id,
      methodId: seed.sandbox.id,
      methodKind: "sandbox" as const,
      token: randomBytes(24).toString("base64url"),
      status: i < failed ? ("failed" as const) : ("succeeded" as const),
      amountMinor: 1000n,
      currency: "CNY",
      expiresAt: at,
      createdAt: at,
    })),
  );
}

describe(`failure spikes (${engine})`, () => {
  it("raises one alert for a method whose last hour is far above its week, and only once", async () => {
    const seed = await seedPayments(db, "Spike");
    await history(seed, minutes(3 * 24 * 60), 10, 190); // baseline 5 %
    await history(seed, minutes(30), 12, 28); // last hour 30 % of 40
    expect(await checkFailureSpikes(db, now)).toEqual({ raised: 1 });
    expect(await checkFailureSpikes(db, now)).toEqual({ raised: 0 });

    const [alert, ...more] = await listSpikeAlerts(db, seed.merchant.id);
    expect(more).toEqual([]);
    expect(alert!.details).toMatchObject({
      methodId: seed.sandbox.id,
      hour: { attempts: 40, failures: 12 },
      baseline: { attempts: 200, failures: 10 },
    });
    expect(alert!.details.threshold).toBeCloseTo(0.25);

    const resolve = { alertId: alert!.id, note: "Provider outage, back at 14:10" };
    await resolveAlert(db, seed.manager, seed.merchant.id, resolve);
    expect(await listSpikeAlerts(db, seed.merchant.id)).toEqual([]);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, seed.merchant.id), eq(auditLog.action, "alert.resolve")));
    expect(audit).toHaveLength(1);
    await expect(resolveAlert(db, seed.manager, seed.merchant.id, resolve)).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
  });

  it("stays quiet below the threshold, with too few attempts, and for history older than a week", async () => {
    const calm = await seedPayments(db, "Calm");
    await history(calm, minutes(2 * 24 * 60), 10, 190);
    await history(calm, minutes(20), 9, 31); // 22.5 % < 25 %
    const thin = await seedPayments(db, "Thin");
    await history(thin, minutes(2 * 24 * 60), 10, 190);
    await history(thin, minutes(20), 19, 0); // 19 attempts: below the minimum
    const old = await seedPayments(db, "Old");
    await history(old, minutes(9 * 24 * 60), 0, 500); // outside the 7 days: no baseline
    await history(old, minutes(20), 20, 20);
    await checkFailureSpikes(db, now);
    for (const s of [calm, thin, old]) expect(await listSpikeAlerts(db, s.merchant.id)).toEqual([]);
  });

  it("does not let another merchant resolve an alert", async () => {
    const a = await seedPayments(db, "A");
    const b = await seedPayments(db, "B");
    await history(a, minutes(24 * 60), 0, 100);
    await history(a, minutes(10), 20, 0);
    await checkFailureSpikes(db, now);
    const [alert] = await listSpikeAlerts(db, a.merchant.id);
    await expect(
      resolveAlert(db, b.manager, b.merchant.id, { alertId: alert!.id, note: "not mine" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [row] = await db.select().from(alerts).where(eq(alerts.id, alert!.id));
    expect(row!.resolvedAt).toBeNull();
  });
});
