import { eq, sql } from "drizzle-orm";
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
import { engine, setupTestDatabase } from "@/test/db";
import { setTo, statementTemplate, type Placeholders } from "./statement-template";

const { db } = setupTestDatabase();

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

beforeAll(async () => {
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
});
