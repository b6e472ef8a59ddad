import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";

/**
 * The database handle every service takes first. Both engines satisfy it. Opened without the
 * schema (db/open.ts): queries name their tables, and drizzle would otherwise build a
 * relational query builder for every table on every transaction it opens (measurable on the
 * payment path), for a `db.query` nothing here uses.
 */
type NoSchema = Record<string, never>;
export type Db = PgDatabase<PgQueryResultHKT, NoSchema, ExtractTablesWithRelations<NoSchema>>;
export type Tx = PgTransaction<PgQueryResultHKT, NoSchema, ExtractTablesWithRelations<NoSchema>>;
/** A service that may run inside a caller's transaction takes either. */
export type DbOrTx = Db | Tx;
