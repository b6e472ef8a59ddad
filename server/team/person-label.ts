import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * How a person is named wherever their acts are shown or exported (timelines, logs, CSV):
 * "Name <email>". A name is only what the owner typed, and two people may share one; the
 * e-mail is the account that signed in, so a log always says who it really was. Null for
 * a person who is gone (a left join that found nobody).
 */
export function personLabel(person: { name: AnyPgColumn; email: AnyPgColumn }): SQL<string | null> {
  return sql<string | null>`(${person.name} || ' <' || ${person.email} || '>')`;
}
