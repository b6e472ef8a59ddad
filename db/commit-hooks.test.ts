import { sql } from "drizzle-orm";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import {
  afterCommit,
  afterCommitOrder,
  beforeCommit,
  beforeCommitPart,
  commitOrder,
  transactionEnd,
  writeAtCommit,
} from "./commit-hooks";
import type { StatementPart } from "./statement-parts";

const { db } = setupTestDatabase();

beforeAll(async () => {
  // `step` is unique: writing one twice makes a statement fail.
  await db.execute(sql`create table commit_steps (
    n integer generated always as identity primary key, step text not null unique)`);
});

beforeEach(async () => {
  await db.execute(sql`truncate commit_steps`);
});

/**
 * A part writing `steps` to commit_steps in their order. Its statement's result does not read
 * it, so nothing but the wait for the part before (`after`) orders it among the others.
 */
function stepsPart(steps: string[]): StatementPart {
  return {
    shape: "steps",
    values: { steps: JSON.stringify(steps) },
    build: ({ value, cte, after }) => ({
      ctes: [
        sql`${cte("written")} as (
          insert into commit_steps (step)
          select s from json_array_elements_text(${value("steps")}::json) with ordinality as t(s, i)
          where ${after}
          order by i
          returning step)`,
      ],
      last: cte("written"),
    }),
  };
}

/** stepsPart, whose result (the steps written, in their order) goes to `received`. */
function reportingStepsPart(steps: string[], received: (result: unknown) => void): StatementPart {
  const part = stepsPart(steps);
  return {
    ...part,
    shape: "reporting steps",
    build: (place) => {
      const built = part.build(place);
      return { ...built, result: sql`(select json_agg(step) from ${built.last})` };
    },
    received,
  };
}

const commitSteps = pgTable("commit_steps", { n: integer().primaryKey(), step: text().notNull() });

/**
 * The steps written, in their order, grouped by the statement that wrote them (`cmin`: the id,
 * within its transaction, of the command that wrote the row; each statement that writes has
 * its own).
 */
async function statements() {
  const rows = await db
    .select({ step: commitSteps.step, command: sql<number>`cmin::text::int` })
    .from(commitSteps)
    .orderBy(commitSteps.n);
  const groups: string[][] = [];
  let last: number | undefined;
  for (const { step, command } of rows) {
    if (command !== last) groups.push([]);
    groups.at(-1)?.push(step);
    last = command;
  }
  return groups;
}

describe(`commit hooks (${engine})`, () => {
  it("sends the parts of consecutive hooks as one statement, which writes them in the hooks' order", async () => {
    await db.transaction(async (tx) => {
      // Registered last-first: the order given, not the registration, decides.
      beforeCommitPart(tx, () => stepsPart(["third"]), 2);
      beforeCommitPart(tx, () => stepsPart(["first", "second"]), 0);
      beforeCommitPart(tx, () => stepsPart(["fourth"]), 5);
    });
    expect(await statements()).toEqual([["first", "second", "third", "fourth"]]);
  });

  it("runs a hook that is not a part in its place, between two statements of parts", async () => {
    await db.transaction(async (tx) => {
      beforeCommitPart(tx, () => stepsPart(["first"]), 0);
      await writeAtCommit(tx, "b", () =>
        tx.execute(sql`insert into commit_steps (step) values ('third')`),
      );
      await writeAtCommit(tx, "a", () =>
        tx.execute(sql`insert into commit_steps (step) values ('second')`),
      );
      beforeCommitPart(tx, () => stepsPart(["fourth"]), commitOrder.writesAtCommit + 1);
    });
    expect(await statements()).toEqual([["first"], ["second"], ["third"], ["fourth"]]);
  });

  it("sends the roll-ups, the audit queue and the vouchers as one statement, in that order, when a write at commit comes too", async () => {
    await db.transaction(async (tx) => {
      await writeAtCommit(tx, "customer", () =>
        tx.execute(sql`insert into commit_steps (step) values ('customer')`),
      );
      beforeCommitPart(tx, () => stepsPart(["vouchers"]), commitOrder.vouchers);
      beforeCommitPart(tx, () => stepsPart(["audit"]), commitOrder.auditQueue);
      beforeCommitPart(tx, () => stepsPart(["rollups"]), commitOrder.rollups);
    });
    expect(await statements()).toEqual([["rollups", "audit", "vouchers"], ["customer"]]);
  });

  it("hands each part its result, and takes a part's hook once however often it is registered", async () => {
    const received: unknown[] = [];
    const hook = () => reportingStepsPart(["x", "y"], (r) => received.push(r));
    await db.transaction(async (tx) => {
      beforeCommitPart(tx, hook, 1);
      beforeCommitPart(tx, hook, 1);
      beforeCommitPart(tx, () => stepsPart(["first"]), 0);
    });
    expect(received).toEqual([["x", "y"]]);
    expect(await statements()).toEqual([["first", "x", "y"]]);
  });

  it("runs a part registered by the hook before it", async () => {
    await db.transaction(async (tx) => {
      beforeCommit(
        tx,
        async () => {
          await tx.execute(sql`insert into commit_steps (step) values ('first')`);
          beforeCommitPart(tx, () => stepsPart(["second"]), 1);
        },
        0,
      );
    });
    expect(await statements()).toEqual([["first"], ["second"]]);
  });

  it("rolls the whole transaction back when the parts' statement fails, and runs no after-commit hook", async () => {
    const after: string[] = [];
    const failed = db.transaction(async (tx) => {
      await tx.execute(sql`insert into commit_steps (step) values ('in the transaction')`);
      afterCommit(tx, async () => void after.push("announce"), afterCommitOrder.announce);
      beforeCommitPart(tx, () => stepsPart(["first"]), 0);
      // Its second row repeats a step: the statement fails, the first part's row with it. On
      // PostgreSQL its COMMIT is sent right behind it, and rolls back.
      beforeCommitPart(tx, () => stepsPart(["second", "first"]), 1);
    });
    await expect(failed).rejects.toThrow();
    expect(await statements()).toEqual([]);
    expect(after).toEqual([]);
    // The connection is left out of any transaction: the next one commits.
    await db.transaction(async (tx) => {
      beforeCommitPart(tx, () => stepsPart(["again"]), 0);
    });
    expect(await statements()).toEqual([["again"]]);
  });

  it("writes no part when the transaction's callback throws", async () => {
    const failed = db.transaction((tx) => {
      beforeCommitPart(tx, () => stepsPart(["first"]), 0);
      throw new Error("the change is refused");
    });
    await expect(failed).rejects.toThrow("the change is refused");
    expect(await statements()).toEqual([]);
  });

  it("runs the after-commit hooks by order: the audit rows chained before the change is announced", async () => {
    const steps: string[] = [];
    await db.transaction(async (tx) => {
      // Registered in the order a payment's transaction registers them: its event first.
      afterCommit(tx, async () => void steps.push("announce"), afterCommitOrder.announce);
      afterCommit(tx, async () => void steps.push("chain a"), afterCommitOrder.auditChain);
      afterCommit(tx, async () => void steps.push("chain b"), afterCommitOrder.auditChain);
    });
    expect(steps).toEqual(["chain a", "chain b", "announce"]);
  });

  it("settles a transaction's end once it has committed, before its after-commit hooks run, and once it has rolled back", async () => {
    const steps: string[] = [];
    await db.transaction(async (tx) => {
      void transactionEnd(tx)?.then(() => steps.push("ended"));
      afterCommit(tx, async () => void steps.push("after commit"), afterCommitOrder.announce);
      beforeCommitPart(tx, () => stepsPart(["first"]), 0);
    });
    expect(steps).toEqual(["ended", "after commit"]);
    let end: Promise<void> | undefined;
    const failed = db.transaction(async (tx) => {
      end = transactionEnd(tx);
      beforeCommitPart(tx, () => stepsPart(["first"]), 0);
    });
    await expect(failed).rejects.toThrow();
    await expect(end).resolves.toBeUndefined();
    expect(transactionEnd(db)).toBeUndefined();
  });
});
