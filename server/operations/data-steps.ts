import { and, eq, isNull } from "drizzle-orm";
import { dataSteps } from "@/db/schema";
import type { Db, Tx } from "@/db/types";
import { rejudgeEdgeDifferences } from "@/server/reconciliation/edge-rejudge.service";

/**
 * Each data step a migration may call for (its row in data_steps), by name. A step must leave
 * rows it already handled as they are when run again: a restored backup runs every step once
 * more (backups do not carry data_steps, server/backup/catalog.service.ts).
 */
const steps: Record<string, (tx: Tx) => Promise<void>> = {
  "recon-edge-rejudge": rejudgeEdgeDifferences,
};

/**
 * Runs the data steps not done yet, each in one transaction with marking it done: a failure
 * leaves it for the next start, and of several instances starting at once the first to mark it
 * does it (the others wait on its row, then find it done). A step this build does not know (a
 * database a newer build migrated) is left alone.
 */
export async function runPendingDataSteps(db: Db): Promise<string[]> {
  const pending = await db
    .select({ name: dataSteps.name })
    .from(dataSteps)
    .where(isNull(dataSteps.doneAt));
  const ran: string[] = [];
  for (const { name } of pending) {
    const step = steps[name];
    if (!step) continue;
    await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(dataSteps)
        .set({ doneAt: new Date() })
        .where(and(eq(dataSteps.name, name), isNull(dataSteps.doneAt)))
        .returning({ name: dataSteps.name });
      if (!claimed) return;
      await step(tx);
      ran.push(name);
    });
  }
  return ran;
}
