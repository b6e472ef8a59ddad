import { createHash } from "node:crypto";
import {
  Column,
  entityKind,
  getTableName,
  is,
  SQL,
  sql,
  Subquery,
  type DriverValueDecoder,
  type Placeholder,
  type Query,
} from "drizzle-orm";
import type { PgSession } from "drizzle-orm/pg-core";
import { preparedClient } from "./pglite-prepared";
import type { DbOrTx } from "./types";

/**
 * A statement whose SQL text is built once per engine and run with new values on any session,
 * a transaction's included. Drizzle builds the text of a query builder anew on every execution
 * (walking the builder, its columns and casing), which was a third of the Node CPU of a payment
 * notification; its own `.prepare()` keeps the text, but only on the handle it was made on
 * (the pool, never a transaction's connection). So a template keeps what `.prepare()` built
 * (the text, the placeholders and how rows are mapped back) and hands it to the session it is
 * run on, which maps rows exactly as the builder does.
 *
 * `build` receives a placeholder for each value, by name (`v.orderId`); the values are given by
 * name when run. Only statements of a fixed shape fit: a clause that appears or not with the
 * values (an optional filter, a list of varying length) belongs in the builder as before.
 *
 * On PostgreSQL a template is also a named prepared statement (named after its text), which
 * node-postgres parses once per connection: PostgreSQL then plans it with the values for its
 * first five runs and afterwards reuses a generic plan when that is estimated no costlier.
 * Planning was half of the database's CPU time of a payment notification (2.6 of 5.3 ms); the
 * templates are key and index lookups, whose generic plan is the plan. PGlite's own query
 * ignores the name; there the template is prepared under it by pglite-prepared.ts.
 */
export function statementTemplate<Values extends Record<string, unknown>, Result>(
  name: string,
  build: (db: DbOrTx, v: Placeholders<Values>) => Preparable<Result>,
): (db: DbOrTx, values: Values) => Promise<Result> {
  const builtOn = builtPerEngine((db) =>
    takeBuilt(name, build(db, placeholders as Placeholders<Values>).prepare(name)),
  );
  return async (db, values) => {
    const template = builtOn(db);
    const query = prepareOn(db, template, true);
    (query as unknown as Internals).joinsNotNullableMap = template.joinsNotNullableMap;
    return (await query.execute(values)) as Result;
  };
}

/**
 * A statement written in SQL rather than with the builder (a data-modifying WITH, rows taken
 * from one JSON array so that their number leaves the text unchanged), kept as a template in
 * the same way. Its rows come back as the driver reads them (columns by their SQL names).
 */
export function sqlStatementTemplate<Values extends Record<string, unknown>, Row = never>(
  build: (v: Placeholders<Values>) => SQL,
): (db: DbOrTx, values: Values) => Promise<Row[]> {
  // The handle's own execute builds the text with its dialect (its casing), not running it.
  const builtOn = builtPerEngine((db) => ({
    query: db.execute(build(placeholders as Placeholders<Values>)).getQuery(),
  }));
  return async (db, values) => {
    const prepared = prepareOn(db, builtOn(db), false);
    // Both engines' raw results carry `rows` (as selectRows in server/analytics reads them).
    return ((await prepared.execute(values)) as { rows: Row[] }).rows;
  };
}

/**
 * What `build` makes of a template, once per engine, with the statement's name on the server.
 * One per engine: the text would be the same on both, but how rows are mapped is the
 * session's (and a test process opens both).
 */
function builtPerEngine<T extends { query: Query }>(build: (db: DbOrTx) => T) {
  const built = new Map<unknown, T & { serverName: string }>();
  return (db: DbOrTx) => {
    const engine = db._.session.constructor;
    let template = built.get(engine);
    if (!template) {
      const made = build(db);
      template = { ...made, serverName: serverNameOf(made.query.sql) };
      built.set(engine, template);
    }
    return template;
  };
}

/**
 * The template as the session's prepared query, run by drizzle as any other. On PGlite, which
 * ignores the name, its client is replaced by one running the text as a named prepared
 * statement (pglite-prepared.ts); node-postgres prepares it by the name itself.
 */
function prepareOn(
  db: DbOrTx,
  template: { query: Query; serverName: string } & Partial<Internals>,
  arrayMode: boolean,
) {
  const query = db._.session.prepareQuery(
    template.query,
    template.fields,
    template.serverName,
    arrayMode,
    template.customResultMapper,
  );
  const withClient = query as unknown as { client: unknown };
  const prepared = preparedClient(withClient.client, template.serverName);
  if (prepared) withClient.client = prepared;
  return query;
}

/**
 * Templates of one statement whose shape varies with a few choices (the columns a transition
 * sets, the counters a roll-up adds): one template per shape, `shapeOf` naming it.
 */
export function statementTemplatesByShape<Shape, Values extends Record<string, unknown>, Result>(
  name: string,
  shapeOf: (shape: Shape) => string,
  build: (db: DbOrTx, v: Placeholders<Values>, shape: Shape) => Preparable<Result>,
): (db: DbOrTx, shape: Shape, values: Values) => Promise<Result> {
  const templates = new Map<string, (db: DbOrTx, values: Values) => Promise<Result>>();
  return (db, shape, values) => {
    const key = shapeOf(shape);
    let template = templates.get(key);
    if (!template) {
      template = statementTemplate(`${name}:${key}`, (d, v: Placeholders<Values>) =>
        build(d, v, shape),
      );
      templates.set(key, template);
    }
    return template(db, values);
  };
}

/**
 * A value, or the placeholder standing for it in a template: for a helper that builds a piece
 * of SQL both for a template and for a statement built once.
 */
export type ValueOrPlaceholder<T> = T | Placeholder<string, T>;

/** A placeholder for each value, by its name. */
export type Placeholders<Values> = { [K in keyof Values & string]: Placeholder<K, Values[K]> };

/**
 * A placeholder as the value of a column in an UPDATE's SET, which drizzle types for plain
 * values only; at run time drizzle takes it there as in an INSERT's values, encoded by the column.
 */
export function setTo<T>(placeholder: Placeholder<string, T>): T {
  return placeholder as unknown as T;
}

/**
 * The entries whose value is not undefined: what a builder's SET or VALUES leaves out (a
 * template's shape names the columns given, and a placeholder cannot be left out per run).
 */
export function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

const placeholders = new Proxy(
  {},
  {
    get: (_, key) => (typeof key === "string" ? sql.placeholder(key) : undefined),
    // They have no list: `{ ...v }` would quietly be empty.
    ownKeys: () => {
      throw new Error("statement template placeholders are named one by one, not spread");
    },
  },
);

/** A query builder: its `.prepare(name)` builds the text once. */
interface Preparable<Result> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<Result> };
}

type Prepared = ReturnType<PgSession["prepareQuery"]>;

/** What drizzle's prepared queries keep besides their text (internal to drizzle 0.45). */
interface Internals {
  fields: Parameters<PgSession["prepareQuery"]>[1];
  customResultMapper: Parameters<PgSession["prepareQuery"]>[4];
  joinsNotNullableMap: Record<string, boolean> | undefined;
}

interface Built extends Internals {
  query: Query;
}

/**
 * A prepared statement's name on the server, from its text: the same text shares one, and a
 * name fits PostgreSQL's 63 characters whatever the template's own name (the roll-ups' run to 209).
 */
function serverNameOf(text: string) {
  return `t_${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
}

/**
 * The parts of a prepared query that a session needs to run it again. They are drizzle's
 * internals: should an upgrade rename them, this throws on first use (every template has a
 * test on both engines), rather than rows coming back unmapped.
 */
function takeBuilt(name: string, prepared: unknown): Built {
  const kind = (prepared as { constructor?: Record<symbol, unknown> }).constructor?.[entityKind];
  const internals = prepared as Partial<Internals> & Partial<Prepared>;
  if (
    (kind !== "NodePgPreparedQuery" && kind !== "PglitePreparedQuery") ||
    typeof internals.getQuery !== "function" ||
    !("fields" in internals) ||
    !("customResultMapper" in internals) ||
    (internals.fields !== undefined && !Array.isArray(internals.fields))
  ) {
    throw new Error(
      `statement template ${name}: drizzle's prepared query is not of the shape this module reads (db/statement-template.ts)`,
    );
  }
  return {
    query: internals.getQuery(),
    fields: internals.fields,
    customResultMapper:
      internals.customResultMapper ??
      (internals.fields && rowMapper(internals.fields, internals.joinsNotNullableMap)),
    joinsNotNullableMap: internals.joinsNotNullableMap,
  };
}

type Fields = NonNullable<Internals["fields"]>;

/**
 * The rows of a template as drizzle's mapResultRow maps a builder's (drizzle-orm/utils.js,
 * 0.45): each column's value decoded into its place in the selection's shape, and a joined
 * table's object made null when every one of its columns is null and the join may find no
 * row. mapResultRow works out each column's decoder and table again on every row, by
 * `is()` checks that walk the class chain of each selected SQL expression: with the
 * redemption's two dozen columns, a tenth of a millisecond of CPU per redemption (issue #20).
 * Here they are worked out once per template.
 */
function rowMapper(fields: Fields, joinsNotNullableMap: Record<string, boolean> | undefined) {
  const columns = fields.map(({ path, field }) => {
    // An SQL expression's decoder is drizzle's internal (not in its types).
    const decoderOf = (expression: unknown) =>
      (expression as { decoder: DriverValueDecoder<unknown, unknown> }).decoder;
    const decoder: DriverValueDecoder<unknown, unknown> = is(field, Column)
      ? field
      : is(field, SQL)
        ? decoderOf(field)
        : is(field, Subquery)
          ? decoderOf(field._.sql)
          : decoderOf(field.sql);
    // The table whose object a null join empties: a column of it, one level down.
    const [objectName, ...rest] = path;
    const table =
      joinsNotNullableMap && is(field, Column) && objectName !== undefined && rest.length === 1
        ? { objectName, name: getTableName(field.table) }
        : null;
    return { parents: path.slice(0, -1), key: path.at(-1) ?? "", decoder, table };
  });
  const notNullable = joinsNotNullableMap ?? {};
  const mapRow = (row: unknown[]) => {
    const result: Record<string, unknown> = {};
    const nullify: Record<string, string | false> = {};
    let nullifies = false;
    columns.forEach(({ parents, key, decoder, table }, index) => {
      let node = result;
      for (const parent of parents) node = (node[parent] ??= {}) as Record<string, unknown>;
      const raw = row[index];
      const value = (node[key] = raw === null ? null : decoder.mapFromDriverValue(raw));
      if (!table) return;
      nullifies = true;
      const seen = nullify[table.objectName];
      if (seen === undefined) nullify[table.objectName] = value === null ? table.name : false;
      else if (typeof seen === "string" && seen !== table.name) nullify[table.objectName] = false;
    });
    if (nullifies) {
      for (const [objectName, tableName] of Object.entries(nullify)) {
        if (typeof tableName === "string" && !notNullable[tableName]) {
          result[objectName] = null;
        }
      }
    }
    return result;
  };
  return (rows: unknown[]) => (rows as unknown[][]).map(mapRow);
}
