import { sql, type Placeholder, type SQL } from "drizzle-orm";
import { sqlStatementTemplate } from "./statement-template";
import type { DbOrTx } from "./types";

/*
 * Writes of several modules sent as one statement: each module gives a part (one or more CTEs)
 * and the parts go into one data-modifying WITH, in the order given. A transaction's commit
 * hooks send their writes so (db/commit-hooks.ts): one round trip and one statement for the
 * payment roll-ups and the audit queue, where each was one.
 *
 * PostgreSQL runs the statements of a WITH in no guaranteed order (all on one snapshot, each to
 * its end whether or not anything reads its rows), yet parts that take row locks must take them
 * in the order given, the order every transaction takes them in. So every part waits for the one
 * before: its first CTE's WHERE holds `after`, a condition on the previous part's last CTE (the
 * count of the rows it returned), which does not depend on the row and so is a one-time filter,
 * checked before the CTE reads its first row; checking it reads the previous CTE to its end.
 * A part with several CTEs orders them the same way (server/analytics/rollup-write.ts).
 */

/** Where a part goes in its statement: the names of its values and CTEs, and what it waits for. */
export interface PartPlace {
  /** The placeholder of one of the part's values, by its key in `values`. */
  value: (key: string) => Placeholder;
  /** A name for one of the part's CTEs, unique in the statement. */
  cte: (name: string) => SQL;
  /** The condition the part's first CTE has in its WHERE: met once the parts before are done. */
  after: SQL;
}

/** A part's SQL. */
export interface PartSql {
  /** Its CTEs in their order, each `name as (statement)`, named with `place.cte`. */
  ctes: SQL[];
  /**
   * The CTE the part is done with once it is (one with a RETURNING clause, so that it can be
   * read): the next part waits for it.
   */
  last: SQL;
  /** The one value the statement returns for the part (a subquery of its CTEs), for `received`. */
  result?: SQL;
}

export interface StatementPart {
  /** Names the SQL of `build`: two parts of one shape build one text, whatever their values. */
  shape: string;
  build: (place: PartPlace) => PartSql;
  /** The part's values, by key: a template's text is the same for any values. */
  values: Record<string, unknown>;
  /**
   * Receives the part's `result` once the statement has run; on PostgreSQL the transaction's
   * COMMIT may have been sent behind the statement by then (installCommitHooks), so a throw here
   * cannot undo it. A part whose write must not stand makes the statement fail instead (a
   * unique key), which rolls the transaction back.
   */
  received?: (result: unknown) => void;
}

/**
 * A condition met once the CTE `name` (one with a RETURNING clause) has run to its end: a
 * statement of the WITH that has it in its WHERE waits for that CTE.
 */
export const doneWith = (name: SQL) => sql`(select count(*) from ${name}) >= 0`;

type Template = (db: DbOrTx, values: Record<string, unknown>) => Promise<Record<string, unknown>[]>;

/**
 * One template per sequence of shapes: a handful (the roll-up tables a change adds to, with or
 * without audit rows).
 */
const templates = new Map<string, Template>();

/** Runs `parts` as one statement on `db`, in their order, and hands each its result. */
export async function runStatementParts(db: DbOrTx, parts: StatementPart[]): Promise<void> {
  const shapes = parts.map((p) => p.shape).join(" + ");
  let template = templates.get(shapes);
  if (!template) {
    // The builds only: the template outlives this call's values.
    const builds = parts.map((p) => p.build);
    templates.set(shapes, (template = sqlStatementTemplate(() => assemble(builds))));
  }
  const values: Record<string, unknown> = {};
  parts.forEach((part, i) => {
    for (const [key, value] of Object.entries(part.values)) values[`p${i}_${key}`] = value;
  });
  const [row] = await template(db, values);
  parts.forEach((part, i) => part.received?.(row?.[`p${i}`]));
}

function assemble(builds: StatementPart["build"][]): SQL {
  const ctes: SQL[] = [];
  const results: SQL[] = [];
  let after = sql`true`;
  builds.forEach((build, i) => {
    const built = build({
      value: (key) => sql.placeholder(`p${i}_${key}`),
      cte: (name) => sql`${sql.identifier(`p${i}_${name}`)}`,
      after,
    });
    ctes.push(...built.ctes);
    results.push(sql`${built.result ?? sql`null`} as ${sql.identifier(`p${i}`)}`);
    after = doneWith(built.last);
  });
  return sql`with ${sql.join(ctes, sql`, `)} select ${sql.join(results, sql`, `)}`;
}
