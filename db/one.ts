import { and, or, type SQL } from "drizzle-orm";

/**
 * The one row a statement must yield: an insert's `.returning()`, an update of a row the
 * transaction has locked or just read, a select by a key a foreign key guarantees. None is a
 * bug, reported here by name instead of as a TypeError on `undefined` further on.
 */
export function one<T>(rows: readonly T[], what = "row"): T {
  const [row] = rows;
  if (row === undefined) throw new Error(`expected one ${what}, got none`);
  return row;
}

/** `and()` whose first condition is always there: an SQL condition, never undefined. */
export function allOf(first: SQL, ...rest: (SQL | undefined)[]): SQL {
  return and(first, ...rest) ?? first;
}

/** `or()` whose first condition is always there: an SQL condition, never undefined. */
export function anyOf(first: SQL, ...rest: (SQL | undefined)[]): SQL {
  return or(first, ...rest) ?? first;
}
