import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { setupTestDatabase } from "@/test/db";
import { defersToCommit } from "./commit-hooks";
import { processWide } from "./process-wide";

const { db } = setupTestDatabase();

/**
 * A second copy of a module, as the production build holds one per Next.js layer
 * (process-wide.ts): Vitest's module registry, reset, loads the file anew.
 */
async function anotherCopy<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}

describe("processWide", () => {
  it("gives every copy of a module the same value", async () => {
    const first = processWide("test.value", () => ({ made: 1 }));
    const copy = await anotherCopy(() => import("./process-wide"));
    expect(copy.processWide).not.toBe(processWide);
    expect(copy.processWide("test.value", () => ({ made: 2 }))).toBe(first);
  });
});

describe("commit hooks across copies of the module", () => {
  it("run for a transaction opened through another copy's handle", async () => {
    const copy = await anotherCopy(() => import("./commit-hooks"));
    expect(copy.defersToCommit).not.toBe(defersToCommit);
    const steps: string[] = [];
    // The database handle was opened (and its hooks installed) by this file's copy.
    await db.transaction(async (tx) => {
      expect(copy.defersToCommit(tx)).toBe(true);
      copy.beforeCommit(tx, async () => void steps.push("before commit"), 0);
      copy.afterCommit(tx, async () => void steps.push("after commit"), 0);
      await tx.execute(sql`select 1`);
      steps.push("callback done");
    });
    expect(steps).toEqual(["callback done", "before commit", "after commit"]);
  });
});
