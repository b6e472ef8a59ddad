import { and, eq, like, or, sql } from "drizzle-orm";
import { reconDifferences } from "@/db/schema";
import type { Tx } from "@/db/types";
import { recordAudit, systemActor } from "@/server/audit/audit.service";
import { refreshDifferences } from "./statement-match.service";

/**
 * Judges once more the open differences of our side (a payment or refund missing from the
 * provider's statement) that were found before statements kept their period as instants: they
 * were judged against whole local days, so a payment a few minutes from a statement's edge,
 * which may be listed in the neighbouring statement, was reported missing. Each of their days
 * is refreshed under today's rule, one at a time (its judged spans are the day's own): what the
 * rule no longer judges is cleared, and waits at the edge like any newer payment. One audit row
 * per method that changed, as the system. Run once, at the server's start (0052's data step).
 */
export async function rejudgeEdgeDifferences(tx: Tx): Promise<void> {
  const groups = await tx
    .select({
      merchantId: reconDifferences.merchantId,
      methodId: reconDifferences.methodId,
      days: sql<
        string[]
      >`array_agg(distinct ${reconDifferences.day}::text order by ${reconDifferences.day}::text)`,
    })
    .from(reconDifferences)
    .where(
      and(
        eq(reconDifferences.status, "open"),
        or(
          eq(reconDifferences.kind, "missing_there"),
          and(
            eq(reconDifferences.kind, "refund_mismatch"),
            like(reconDifferences.subjectKey, "refund:%"),
          ),
        ),
      ),
    )
    .groupBy(reconDifferences.merchantId, reconDifferences.methodId);
  for (const g of groups) {
    let cleared = 0;
    for (const day of g.days) {
      cleared += (await refreshDifferences(tx, g.merchantId, g.methodId, [day])).clearedUnjudged;
    }
    if (cleared === 0) continue;
    await recordAudit(tx, systemActor, {
      merchantId: g.merchantId,
      action: "recon.differences_rejudged",
      entityType: "payment_method",
      entityId: g.methodId,
      after: { methodId: g.methodId, cleared, days: g.days },
    });
  }
}
