import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { statementLines, statements } from "@/db/schema";
import type { statementStatuses } from "@/db/schema/enum-values";
import type { Tx } from "@/db/types";

export type StatementStatus = (typeof statementStatuses)[number];
type StatementRow = typeof statements.$inferSelect;

/**
 * Where a statement may go: an import ends imported or failed, and both are final (a failed
 * file is brought again as a new statement, which the failed one no longer holds).
 */
const statementTransitions: Record<StatementStatus, readonly StatementStatus[]> = {
  importing: ["imported", "failed"],
  imported: [],
  failed: [],
};

export function canTransitionStatement(from: StatementStatus, to: StatementStatus): boolean {
  return statementTransitions[from].includes(to);
}

function statementStatusesInto(to: StatementStatus): StatementStatus[] {
  return (Object.keys(statementTransitions) as StatementStatus[]).filter((from) =>
    canTransitionStatement(from, to),
  );
}

/**
 * An `importing` statement whose progress has not moved for this long was cut off (the server
 * stopped mid-import). A live import moves its progress at least every ten seconds while it
 * reads, and once more before matching; the margin covers a matching transaction and a busy
 * machine.
 */
export const staleImportMinutes = 5;

/** True of a statement whose progress has not moved for `staleImportMinutes` (the database's clock). */
const progressStalled = sql<boolean>`(${statements.progressAt} < now() - make_interval(mins => ${staleImportMinutes}))`;

/**
 * The one way statements change status, in the caller's transaction: moves those of `where`
 * that may go to `to` and returns them. A failed statement loses its lines, so its file may be
 * brought again without counting anything twice; an imported one records when.
 */
export async function transitionStatements(
  tx: Tx,
  where: SQL | undefined,
  to: StatementStatus,
  set: Partial<Omit<StatementRow, "id" | "status">> = {},
): Promise<StatementRow[]> {
  const moved = await tx
    .update(statements)
    .set({ ...(to === "imported" ? { importedAt: new Date() } : {}), ...set, status: to })
    .where(and(where, inArray(statements.status, statementStatusesInto(to))))
    .returning();
  if (to === "failed" && moved.length > 0) {
    await tx.delete(statementLines).where(
      inArray(
        statementLines.statementId,
        moved.map((s) => s.id),
      ),
    );
  }
  return moved;
}

/**
 * Locks one statement's row and tells its status. The import's last transaction takes it
 * before it touches the statement's lines, as a sweep of cut-off imports does (it fails the
 * row, then deletes the lines): both in that order, they wait for each other, never deadlock.
 */
export async function lockStatement(tx: Tx, statementId: string): Promise<StatementStatus | null> {
  const [row] = await tx
    .select({ status: statements.status })
    .from(statements)
    .where(eq(statements.id, statementId))
    .for("update");
  return row?.status ?? null;
}

/**
 * Fails a merchant's imports cut off by a stopped server (their progress stalled), freeing
 * their files. A row another transaction holds — another sweep's, or an import finishing —
 * is skipped, not waited for: that one decides it, and two sweeps of several rows never wait
 * on each other in opposite orders.
 */
export async function failStalledImports(tx: Tx, merchantId: string) {
  const stalled = tx
    .select({ id: statements.id })
    .from(statements)
    .where(
      and(
        eq(statements.merchantId, merchantId),
        inArray(statements.status, statementStatusesInto("failed")),
        progressStalled,
      ),
    )
    .for("update", { skipLocked: true });
  return transitionStatements(tx, inArray(statements.id, stalled), "failed", {
    errorKey: "statementImportInterrupted",
    errorDetails: {},
  });
}
