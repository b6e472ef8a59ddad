import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { reconDifferences, statementLines, statements } from "@/db/schema";
import type { Db } from "@/db/types";
import { addDays } from "@/server/time/local-date.logic";

type LineValues = typeof statementLines.$inferInsert;
type DifferenceValues = typeof reconDifferences.$inferInsert;

/** The instant a local day starts in the merchant's zone, read by the insert itself. */
const dayStartOf = (merchantId: string, day: string) =>
  sql`(${day}::date::timestamp at time zone (select time_zone from merchants where id = ${merchantId}))`;

/**
 * A statement of `methodId` that finished importing and covers the whole local days
 * `firstDay`…`lastDay`, written
 * directly (the import itself is tested on its own): the close and the queue only read rows.
 */
export async function importedStatement(
  db: Db,
  merchantId: string,
  methodId: string,
  firstDay: string,
  lastDay = firstDay,
) {
  const [row] = await db
    .insert(statements)
    .values({
      merchantId,
      methodId,
      format: "wechat_trade",
      status: "imported",
      source: "upload",
      fileName: `statement-${firstDay}.csv`,
      fileSha256: randomBytes(32).toString("hex"),
      byteSize: 1000,
      encoding: "utf-8",
      currency: "CNY",
      coveredFrom: dayStartOf(merchantId, firstDay),
      coveredUntil: dayStartOf(merchantId, addDays(lastDay, 1)),
      firstDay,
      lastDay,
      importedAt: new Date(),
    })
    .returning();
  return row!;
}

type Statement = Awaited<ReturnType<typeof importedStatement>>;

/** The statement's next line (numbered after the ones it has), matched unless `state` says otherwise. */
export async function statementLine(
  db: Db,
  statement: Statement,
  line: Pick<LineValues, "kind" | "day" | "amountMinor"> & Partial<LineValues>,
) {
  const [{ next } = { next: 1 }] = await db
    .select({ next: sql<number>`count(*)::int + 1` })
    .from(statementLines)
    .where(eq(statementLines.statementId, statement.id));
  const [row] = await db
    .insert(statementLines)
    .values({
      statementId: statement.id,
      merchantId: statement.merchantId,
      methodId: statement.methodId,
      lineNo: next,
      occurredAt: new Date(`${line.day}T04:00:00Z`),
      currency: "CNY",
      raw: `line ${next}`,
      state: "matched",
      ...line,
    })
    .returning();
  return row!;
}

/** An open difference, as matching would have found it. */
export async function openDifference(
  db: Db,
  d: Pick<DifferenceValues, "merchantId" | "methodId" | "day" | "kind"> & Partial<DifferenceValues>,
) {
  const [row] = await db
    .insert(reconDifferences)
    .values({
      subjectKey: d.lineId ? `line:${d.lineId}` : `test:${randomBytes(8).toString("hex")}`,
      currency: "CNY",
      ...d,
    })
    .returning();
  return row!;
}
