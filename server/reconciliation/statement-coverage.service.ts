import { and, eq, sql } from "drizzle-orm";
import { statements } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import type { Period } from "./statement-coverage.logic";

/**
 * The periods of the merchant's imported statements that reach into `span`, by method (one
 * method's when `methodId` is given): what statement-coverage.logic judges coverage from.
 */
export async function importedPeriods(
  db: DbOrTx,
  merchantId: string,
  methodId: string | undefined,
  span: Period,
): Promise<Map<string, Period[]>> {
  const rows = await db
    .select({
      methodId: statements.methodId,
      from: statements.coveredFrom,
      to: statements.coveredUntil,
    })
    .from(statements)
    .where(
      and(
        eq(statements.merchantId, merchantId),
        methodId ? eq(statements.methodId, methodId) : undefined,
        eq(statements.status, "imported"),
        sql`${statements.coveredFrom} < ${span.to.toISOString()}::timestamptz`,
        sql`${statements.coveredUntil} > ${span.from.toISOString()}::timestamptz`,
      ),
    );
  const byMethod = new Map<string, Period[]>();
  for (const r of rows) {
    if (!r.from || !r.to) continue;
    const list = byMethod.get(r.methodId) ?? [];
    list.push({ from: r.from, to: r.to });
    byMethod.set(r.methodId, list);
  }
  return byMethod;
}
