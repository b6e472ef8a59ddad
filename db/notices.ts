import { sql, type SQL } from "drizzle-orm";
import {
  sqlStatementTemplate,
  type Placeholders,
  type ValueOrPlaceholder,
} from "./statement-template";
import type { Db, DbOrTx } from "./types";

/** A message for a channel's listeners (PostgreSQL's NOTIFY), delivered when its transaction commits. */
export interface Notice {
  channel: string;
  payload: string;
}

/** Notices as a statement takes them: two arrays, so the text is the same for any number. */
export type NoticeValues = {
  channels: string[];
  payloads: string[];
};

export function noticeValues(notices: Notice[]): NoticeValues {
  return { channels: notices.map((n) => n.channel), payloads: notices.map((n) => n.payload) };
}

/**
 * An expression that sends the notices (only when `when` holds, if given) and gives how many it
 * sent: a part of a statement that has other work, so the notices cost no round trip of their own.
 */
export function sendNoticesSql(
  v: { [K in keyof NoticeValues]: ValueOrPlaceholder<NoticeValues[K]> },
  when?: SQL,
): SQL {
  return sql`(select count(pg_notify(n.channel, n.payload))
    from unnest(${v.channels}::text[], ${v.payloads}::text[]) as n(channel, payload)
    ${when ? sql`where ${when}` : sql``})`;
}

const sendInTransaction = sqlStatementTemplate(
  (v: Placeholders<NoticeValues>) => sql`select ${sendNoticesSql(v)}`,
);

/** The notices, in the caller's transaction (delivered at its commit). */
export async function sendNotices(tx: DbOrTx, notices: Notice[]): Promise<void> {
  if (notices.length > 0) await sendInTransaction(tx, noticeValues(notices));
}

const sendAfterCommit = sqlStatementTemplate(
  (v: Placeholders<NoticeValues>) =>
    sql`select set_config('synchronous_commit', 'off', true), ${sendNoticesSql(v)}`,
);

/**
 * The notices of changes committed already, as a statement of its own. Its transaction writes
 * nothing else, so it does not wait for the disk: a notice lost to a crash in that instant costs
 * a screen its live update, never money (a screen reads the state itself when it reloads).
 */
export async function sendNoticesAfterCommit(db: Db, notices: Notice[]): Promise<void> {
  if (notices.length > 0) await sendAfterCommit(db, noticeValues(notices));
}
