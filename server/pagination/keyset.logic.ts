import { asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";

/**
 * How a keyset-paginated list is sorted: by a timestamp, a local date or a whole-number column, ties broken
 * by the row's uuid, so every row has one place and a page continues after the last row of the
 * one before (page 1,000 costs what page 1 costs).
 */
export interface Keyset {
  key: AnyColumn;
  id: AnyColumn;
  kind: "instant" | "date" | "integer";
  descending: boolean;
}

/** Where a page ended: the sort key as text (ISO instant, YYYY-MM-DD or digits) and the row id. */
interface Position {
  v: string;
  id: string;
}

const uuidPattern = /^[0-9a-f-]{36}$/;
const integerPattern = /^\d{1,18}$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** The opaque page token handed to the client: base64url JSON of the last row's position. */
export function encodeCursor(key: Date | bigint | string, id: string): string {
  const position: Position = { v: key instanceof Date ? key.toISOString() : key.toString(), id };
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

/**
 * The position in a token, or null for a token that is missing, tampered with or made for a
 * sort of the other kind (the list then restarts from its first page). Instants must be the
 * exact ISO form we encode: Date.parse also takes "1" or "1900", which PostgreSQL refuses as
 * timestamptz (the list would fail instead of restarting).
 */
export function decodeCursor(raw: string | undefined, kind: Keyset["kind"]): Position | null {
  if (!raw) return null;
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (typeof c !== "object" || c === null) return null;
  const { v, id } = c as Record<string, unknown>;
  if (typeof v !== "string" || typeof id !== "string" || !uuidPattern.test(id)) return null;
  const valid =
    kind === "integer"
      ? integerPattern.test(v)
      : kind === "date"
        ? datePattern.test(v) && isIsoInstant(`${v}T00:00:00.000Z`)
        : isIsoInstant(v);
  return valid ? { v, id } : null;
}

function isIsoInstant(v: string): boolean {
  const at = new Date(v);
  return !Number.isNaN(at.getTime()) && at.toISOString() === v;
}

/**
 * The WHERE part that starts a page after the token's position (undefined for the first
 * page). A row comparison, so an index on (…, key, id) bounds the scan itself.
 */
export function keysetAfter(keyset: Keyset, raw: string | undefined): SQL | undefined {
  const at = decodeCursor(raw, keyset.kind);
  if (!at) return undefined;
  const v =
    keyset.kind === "integer"
      ? sql`${BigInt(at.v)}`
      : keyset.kind === "date"
        ? sql`${at.v}::date`
        : sql`${at.v}::timestamptz`;
  const op = sql.raw(keyset.descending ? "<" : ">");
  return sql`(${keyset.key}, ${keyset.id}) ${op} (${v}, ${at.id}::uuid)`;
}

/** The ORDER BY that matches keysetAfter. */
export function keysetOrderBy(keyset: Keyset): SQL[] {
  const dir = keyset.descending ? desc : asc;
  return [dir(keyset.key), dir(keyset.id)];
}

/**
 * One page from rows fetched with `limit + 1` (the extra row only says a next page exists),
 * and the token for the next page.
 */
export function keysetPage<Row>(
  rows: Row[],
  limit: number,
  positionOf: (row: Row) => [key: Date | bigint | string, id: string],
): { rows: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodeCursor(...positionOf(last)) : null,
  };
}
