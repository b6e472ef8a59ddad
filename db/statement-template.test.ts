import { eq, gte, sql } from "drizzle-orm";
import {
  bigint,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import { engine, openTestDatabase, setupTestDatabase } from "@/test/db";
import { setTo, statementTemplate, type Placeholders } from "./statement-template";

const { db } = setupTestDatabase();

/**
 * The error a statement fails with (drizzle's, the driver's as its cause), for comparing the
 * template's with the builder's.
 */
async function failure(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause as Record<string, unknown>;
    const { code, constraint, detail, table } = cause;
    return { err: err as Error, cause, fields: { code, constraint, detail, table } };
  }
  throw new Error("expected the statement to fail");
}

// Tables of this test's own, with a column of each kind whose mapping differs between the
// drivers' raw rows and drizzle's (timestamps, bigint, numeric, json, nulls).
const parents = pgTable("template_parents", {
  id: uuid().primaryKey().defaultRandom(),
  label: text().notNull(),
  amountMinor: bigint({ mode: "bigint" }).notNull(),
  rate: numeric(),
  at: timestamp({ withTimezone: true }).notNull(),
  extra: jsonb(),
});
const children = pgTable("template_children", {
  id: uuid().primaryKey().defaultRandom(),
  parentId: uuid().notNull(),
  n: integer().notNull(),
});

const insertParent = statementTemplate(
  "template_insert_parent",
  (
    d,
    v: Placeholders<{
      label: string;
      amountMinor: bigint;
      rate: string | null;
      at: Date;
      extra: unknown;
    }>,
  ) =>
    d
      .insert(parents)
      .values({
        label: v.label,
        amountMinor: v.amountMinor,
        rate: v.rate,
        at: v.at,
        extra: v.extra,
      })
      .returning(),
);

const parentWithChild = statementTemplate(
  "template_parent_with_child",
  (d, v: Placeholders<{ label: string }>) =>
    d
      .select()
      .from(parents)
      .leftJoin(children, eq(children.parentId, parents.id))
      .where(eq(parents.label, v.label)),
);

const renameParent = statementTemplate(
  "template_rename_parent",
  (d, v: Placeholders<{ id: string; label: string; at: Date }>) =>
    d
      .update(parents)
      .set({ label: setTo(v.label), at: setTo(v.at) })
      .where(eq(parents.id, v.id))
      .returning({ id: parents.id, label: parents.label, at: parents.at }),
);

const codes = pgTable("template_codes", {
  code: text().primaryKey(),
  n: integer().notNull(),
});

const insertCode = statementTemplate(
  "template_insert_code",
  (d, v: Placeholders<{ code: string; n: number }>) =>
    d.insert(codes).values({ code: v.code, n: v.n }).returning(),
);

const codesFrom = statementTemplate("template_codes_from", (d, v: Placeholders<{ n: number }>) =>
  d.select().from(codes).where(gte(codes.n, v.n)).orderBy(codes.code),
);

beforeAll(async () => {
  await db.execute(sql`create table template_codes (code text primary key, n integer not null)`);
  await db.execute(sql`create table template_parents (
    id uuid primary key default gen_random_uuid(), label text not null, amount_minor bigint not null,
    rate numeric, at timestamptz not null, extra jsonb)`);
  await db.execute(sql`create table template_children (
    id uuid primary key default gen_random_uuid(), parent_id uuid not null, n integer not null)`);
});

describe(`statement templates (${engine})`, () => {
  it("insert and return rows mapped as the builder maps them: bigint, numeric, timestamps, json, nulls", async () => {
    const at = new Date("2026-03-04T05:06:07.089Z");
    const [made] = await insertParent(db, {
      label: "a",
      amountMinor: 12345678901234n,
      rate: "0.0125",
      at,
      extra: { kind: "x", list: [1, 2] },
    });
    const [viaBuilder] = await db.select().from(parents).where(eq(parents.id, made!.id));
    expect(made).toEqual(viaBuilder);
    expect(made).toMatchObject({
      label: "a",
      amountMinor: 12345678901234n,
      rate: "0.0125",
      at,
      extra: { kind: "x", list: [1, 2] },
    });

    const [bare] = await insertParent(db, {
      label: "b",
      amountMinor: 0n,
      rate: null,
      at,
      extra: null,
    });
    expect(bare).toMatchObject({ rate: null, extra: null, amountMinor: 0n });
  });

  it("select a join as the builder does, the missing side null, each run with its own values", async () => {
    const at = new Date("2026-01-01T00:00:00Z");
    const [lone] = await insertParent(db, {
      label: "lone",
      amountMinor: 1n,
      rate: null,
      at,
      extra: null,
    });
    const [parent] = await insertParent(db, {
      label: "parent",
      amountMinor: 2n,
      rate: "1",
      at,
      extra: [],
    });
    await db.insert(children).values({ parentId: parent!.id, n: 7 });

    const builder = (label: string) =>
      db
        .select()
        .from(parents)
        .leftJoin(children, eq(children.parentId, parents.id))
        .where(eq(parents.label, label));
    const lonely = await parentWithChild(db, { label: "lone" });
    expect(lonely).toEqual(await builder("lone"));
    expect(lonely).toEqual([{ template_parents: lone, template_children: null }]);
    const withChild = await parentWithChild(db, { label: "parent" });
    expect(withChild).toEqual(await builder("parent"));
    expect(withChild[0]?.template_children).toMatchObject({ parentId: parent!.id, n: 7 });
    expect(await parentWithChild(db, { label: "none" })).toEqual([]);
  });

  it("run inside a transaction on its connection: its writes seen there, gone with its rollback", async () => {
    const at = new Date("2026-02-02T02:02:02Z");
    const [row] = await insertParent(db, {
      label: "tx",
      amountMinor: 5n,
      rate: null,
      at,
      extra: null,
    });
    const later = new Date("2026-02-03T00:00:00Z");
    await expect(
      db.transaction(async (tx) => {
        const [renamed] = await renameParent(tx, { id: row!.id, label: "renamed", at: later });
        expect(renamed).toEqual({ id: row!.id, label: "renamed", at: later });
        expect(await parentWithChild(tx, { label: "renamed" })).toHaveLength(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await parentWithChild(db, { label: "renamed" })).toEqual([]);
    expect((await parentWithChild(db, { label: "tx" }))[0]?.template_parents.at).toEqual(at);
  });

  it("refuses, on first use, a prepared query of a shape it does not know", async () => {
    const odd = statementTemplate("template_odd", () => ({
      prepare: () => ({ execute: () => Promise.resolve([]) }),
    }));
    await expect(odd(db, {})).rejects.toThrow(/template_odd: drizzle's prepared query/);
  });

  it("is a prepared statement of the connection it runs on, run again and again with new values", async () => {
    await insertCode(db, { code: "p1", n: 1 });
    await insertCode(db, { code: "p2", n: 2 });
    await db.transaction(async (tx) => {
      // Past the five runs after which PostgreSQL may keep a generic plan.
      for (const n of [0, 1, 2, 3, 1, 2, 0, 3]) {
        expect(await codesFrom(tx, { n })).toEqual(
          await tx.select().from(codes).where(gte(codes.n, n)).orderBy(codes.code),
        );
      }
      // Both engines' raw results carry `rows`.
      const named = (await tx.execute(sql`select count(*)::int as n
        from pg_prepared_statements where name like 't\_%' and statement like '%template_codes%'`)) as unknown as {
        rows: { n: number }[];
      };
      expect(named.rows[0]?.n).toBeGreaterThanOrEqual(1);
    });
  });

  it("fails a unique violation as the builder does, in a transaction and outside, and goes on after it", async () => {
    await insertCode(db, { code: "u", n: 1 });
    const viaBuilder = await failure(() => db.insert(codes).values({ code: "u", n: 2 }));
    expect(viaBuilder.fields).toMatchObject({ code: "23505", constraint: "template_codes_pkey" });
    const outside = await failure(() => insertCode(db, { code: "u", n: 2 }));
    expect(outside.fields).toEqual(viaBuilder.fields);
    expect(outside.err.constructor).toBe(viaBuilder.err.constructor);
    expect(outside.cause.constructor).toBe(viaBuilder.cause.constructor);
    // The builder's statement lists returned columns; the message names the statement run.
    expect(outside.err.message).toMatch(/^Failed query: insert into "template_codes"/);
    const inside = await failure(() =>
      db.transaction(async (tx) => {
        await insertCode(tx, { code: "u2", n: 3 });
        await insertCode(tx, { code: "u", n: 3 });
      }),
    );
    expect(inside.fields).toEqual(viaBuilder.fields);
    // Rolled back as a whole; the template runs as before.
    expect((await codesFrom(db, { n: 0 })).map((r) => r.code)).not.toContain("u2");
    expect(await insertCode(db, { code: "u3", n: 4 })).toEqual([{ code: "u3", n: 4 }]);
  });

  it("is still right after the tables it reads change (a migration), and on another database", async () => {
    await insertCode(db, { code: "s1", n: 10 });
    await db.execute(sql`create index template_codes_n on template_codes (n)`);
    for (let i = 0; i < 7; i++) await codesFrom(db, { n: 10 });
    // A plan that used the index is dropped with it; a new column is not among those read.
    await db.execute(sql`drop index template_codes_n`);
    await db.execute(sql`alter table template_codes add column note text`);
    await db.execute(sql`insert into template_codes (code, n, note) values ('s2', 11, 'x')`);
    expect(await codesFrom(db, { n: 10 })).toEqual([
      { code: "s1", n: 10 },
      { code: "s2", n: 11 },
    ]);

    // Another database (another PGlite instance, as after a restart): prepared there anew.
    const other = await openTestDatabase();
    try {
      await other.db.execute(
        sql`create table template_codes (code text primary key, n integer not null)`,
      );
      expect(await insertCode(other.db, { code: "o", n: 1 })).toEqual([{ code: "o", n: 1 }]);
      expect(await codesFrom(other.db, { n: 0 })).toEqual([{ code: "o", n: 1 }]);
    } finally {
      await other.close();
    }
  });
});
