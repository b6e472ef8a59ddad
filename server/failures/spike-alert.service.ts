import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { AlertStatus } from "@/server/alerts/alert.logic";
import { raiseAlert } from "@/server/alerts/raise-alert.service";
import { alerts, merchants, paymentAttempts, paymentMethods } from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { isSpike, spikeRule, spikeThreshold, type SpikeDetails } from "./spike.logic";

export const spikeAlertKind = "failure_spike";
const unresolved: AlertStatus[] = ["open", "acknowledged"];

/** The failure-spike alerts nobody has resolved yet, newest first (for the failures page). */
export async function listSpikeAlerts(db: DbOrTx, merchantId: string) {
  const rows = await db
    .select({ id: alerts.id, createdAt: alerts.createdAt, details: alerts.details })
    .from(alerts)
    .where(
      and(
        eq(alerts.merchantId, merchantId),
        inArray(alerts.status, unresolved),
        eq(alerts.kind, spikeAlertKind),
      ),
    )
    .orderBy(desc(alerts.createdAt))
    .limit(50);
  return rows.map((r) => ({ ...r, details: r.details as SpikeDetails }));
}

const hourMs = 60 * 60 * 1000;

/**
 * Applies the spike rule (spike.logic.ts) to every method of every merchant and raises an
 * alert for each spike, unless the method already has an open one. The rows are counted by
 * the (merchant_id, created_at) index of payment_attempts, one merchant at a time. The
 * transaction-scoped advisory lock lets one instance check at a time, so two never raise
 * the same alert.
 */
export async function checkFailureSpikes(db: Db, now = new Date()) {
  const windowStart = new Date(now.getTime() - hourMs);
  const baselineStart = new Date(windowStart.getTime() - spikeRule.baselineDays * 24 * hourMs);
  const ids = await db.select({ id: merchants.id }).from(merchants);
  let raised = 0;
  for (const { id: merchantId } of ids) {
    raised += await db.transaction(async (tx) => {
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`spikes:${merchantId}`}, 0))`,
      );
      const ended = sql`${paymentAttempts.status} in ('succeeded', 'failed', 'expired')`;
      const failed = sql`${paymentAttempts.status} in ('failed', 'expired')`;
      const inHour = sql`${paymentAttempts.createdAt} >= ${windowStart.toISOString()}::timestamptz`;
      const rows = await tx
        .select({
          methodId: paymentAttempts.methodId,
          methodLabel: paymentMethods.label,
          methodKind: paymentMethods.kind,
          hourAttempts: sql<number>`count(*) filter (where ${ended} and ${inHour})::int`,
          hourFailures: sql<number>`count(*) filter (where ${failed} and ${inHour})::int`,
          baseAttempts: sql<number>`count(*) filter (where ${ended} and not ${inHour})::int`,
          baseFailures: sql<number>`count(*) filter (where ${failed} and not ${inHour})::int`,
          hasOpenAlert: sql<boolean>`exists (select 1 from ${alerts} where ${alerts.merchantId} = ${merchantId} and ${alerts.kind} = ${spikeAlertKind} and ${alerts.status} <> 'resolved' and ${alerts.entityId} = ${paymentAttempts.methodId}::text)`,
        })
        .from(paymentAttempts)
        .innerJoin(paymentMethods, eq(paymentMethods.id, paymentAttempts.methodId))
        .where(
          and(
            eq(paymentAttempts.merchantId, merchantId),
            sql`${paymentAttempts.createdAt} >= ${baselineStart.toISOString()}::timestamptz`,
            sql`${paymentAttempts.createdAt} < ${now.toISOString()}::timestamptz`,
          ),
        )
        .groupBy(paymentAttempts.methodId, paymentMethods.label, paymentMethods.kind);
      let n = 0;
      for (const r of rows) {
        const hour = { attempts: Number(r.hourAttempts), failures: Number(r.hourFailures) };
        const baseline = { attempts: Number(r.baseAttempts), failures: Number(r.baseFailures) };
        const threshold = spikeThreshold(hour, baseline);
        if (r.hasOpenAlert || threshold === null || !isSpike(hour, baseline)) continue;
        const details: SpikeDetails = {
          methodId: r.methodId,
          methodLabel: r.methodLabel,
          methodKind: r.methodKind,
          hour: { ...hour, rate: hour.failures / hour.attempts },
          baseline: { ...baseline, rate: baseline.failures / baseline.attempts },
          threshold,
          windowStart: windowStart.toISOString(),
          windowEnd: now.toISOString(),
        };
        await raiseAlert(tx, {
          merchantId,
          kind: spikeAlertKind,
          entityType: "payment_method",
          entityId: r.methodId,
          details,
        });
        n++;
      }
      return n;
    });
  }
  return { raised };
}
