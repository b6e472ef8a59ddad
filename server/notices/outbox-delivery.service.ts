import { and, asc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import { orders, outbox } from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import { customerEmailTopic, renderCustomerEmail } from "./customer-notice.logic";
import { afterFailure } from "./outbox-delivery.logic";
import { smtpCodeOf, type Mailer, type OutgoingMail } from "./mailer";
import type {
  AlertEmailPayload,
  CustomerEmailPayload,
  OutboxTopic,
  ReportEmailPayload,
} from "./outbox.logic";
import { alertEmailTopic, composeAlertEmail } from "@/server/alerts/alert-email.service";
import { composeReportEmail, reportEmailTopic } from "@/server/reports/daily-report-email.service";

/**
 * Claims due e-mails of one topic (FOR UPDATE SKIP LOCKED: any number of workers, each row
 * to one) and marks them `sending` in a transaction of its own, committed before any is sent.
 */
async function claimDue(db: Db, topic: OutboxTopic, now: Date, batch: number) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.topic, topic), eq(outbox.state, "pending"), lte(outbox.nextTryAt, now)))
      .orderBy(asc(outbox.nextTryAt))
      .limit(batch)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    // While `sending`, next_try_at records when the row was claimed.
    return tx
      .update(outbox)
      .set({ state: "sending", tries: sql`${outbox.tries} + 1`, nextTryAt: now })
      .where(
        inArray(
          outbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

/** The e-mail an outbox row becomes, or null when it no longer needs sending (skipped). */
export type ComposeMail = (
  db: Db,
  row: typeof outbox.$inferSelect,
) => Promise<Omit<OutgoingMail, "messageId"> | null>;

/**
 * Sends what is due of one topic, once. The guarantee, precisely: a message is claimed
 * (`sending`) and committed before it is handed to the mail server, and only a worker that
 * holds the claim may mark it `sent` or put it back; a worker that dies mid-send leaves it
 * `sending`, never picked up again without a person choosing "send again". A retry follows
 * only an error the mail server reported. The one gap no sender can close: the server
 * accepted a message and its reply was lost; the Message-ID, fixed per outbox row, lets the
 * receiving side drop that copy. Without a mailer (SMTP not configured) nothing is claimed:
 * messages wait.
 */
export async function deliverDueMail(
  db: Db,
  mailer: Mailer | null,
  topic: OutboxTopic,
  compose: ComposeMail,
  opts: { now?: Date; batch?: number } = {},
) {
  const result = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  if (!mailer) return result;
  const now = opts.now ?? new Date();
  for (const row of await claimDue(db, topic, now, opts.batch ?? 20)) {
    const settle = (set: Partial<typeof outbox.$inferInsert>) =>
      db
        .update(outbox)
        .set(set)
        .where(and(eq(outbox.id, row.id), eq(outbox.state, "sending")));
    try {
      const mail = await compose(db, row);
      if (!mail) {
        await settle({ state: "skipped", processedAt: now });
        result.skipped++;
        continue;
      }
      await mailer({ ...mail, messageId: `<${row.id}@outbox.hexiao>` });
      await settle({ state: "sent", processedAt: new Date(), lastError: null });
      result.sent++;
    } catch (err) {
      const next = afterFailure(row.tries, smtpCodeOf(err), new Date());
      await settle({
        ...next,
        lastError: (err instanceof Error ? err.message : String(err)).slice(0, 500),
      });
      result[next.state === "failed" ? "failed" : "retrying"]++;
    }
  }
  return result;
}

/** Customer e-mails that are due (see deliverDueMail). */
export async function deliverDueMessages(
  db: Db,
  mailer: Mailer | null,
  opts: { publicUrl: string; now?: Date; batch?: number },
) {
  return deliverDueMail(
    db,
    mailer,
    customerEmailTopic,
    async (db, row) => {
      const notice = row.payload as CustomerEmailPayload;
      // A failure message whose order has since been paid (or closed) would only confuse.
      if (notice.kind === "payment_failed" && !(await orderStillPayable(db, notice.orderId)))
        return null;
      return { to: notice.to, ...renderCustomerEmail(notice, opts.publicUrl) };
    },
    opts,
  );
}

/** What a consumer needs besides the database: the mail server, the links' base address. */
export interface OutboxConsumerDeps {
  mailer: Mailer | null;
  publicUrl: string;
}

/**
 * The consumer of each outbox topic, run by the background jobs (server/runtime.ts): a topic
 * without one fails to compile, so no message is written that nobody reads.
 */
export const outboxConsumers: {
  readonly [T in OutboxTopic]: (db: Db, deps: OutboxConsumerDeps) => Promise<unknown>;
} = {
  "customer.email": (db, { mailer, publicUrl }) => deliverDueMessages(db, mailer, { publicUrl }),
  "alert.email": (db, { mailer, publicUrl }) =>
    deliverDueMail(db, mailer, alertEmailTopic, (db, row) =>
      composeAlertEmail(db, row.payload as AlertEmailPayload, publicUrl),
    ),
  "report.email": (db, { mailer, publicUrl }) =>
    deliverDueMail(db, mailer, reportEmailTopic, async (db, row) =>
      row.merchantId
        ? composeReportEmail(db, row.merchantId, row.payload as ReportEmailPayload, publicUrl)
        : null,
    ),
};

async function orderStillPayable(db: DbOrTx, orderId: string) {
  const [order] = await db
    .select({ status: orders.status })
    .from(orders)
    .where(eq(orders.id, orderId));
  return order?.status === "pending";
}

export const customerNoticeStates = ["pending", "sending", "sent", "failed", "skipped"] as const;

const newestMessagesFirst: Keyset = {
  key: outbox.createdAt,
  id: outbox.id,
  kind: "instant",
  descending: true,
};

/** A merchant's customer e-mails, newest first, keyset-paginated on (created_at, id). */
export async function listCustomerNotices(
  db: DbOrTx,
  merchantId: string,
  input: { state?: (typeof customerNoticeStates)[number]; cursor?: string; limit?: number },
) {
  const limit = input.limit ?? 25;
  const filters: (SQL | undefined)[] = [
    eq(outbox.merchantId, merchantId),
    eq(outbox.topic, customerEmailTopic),
    input.state ? eq(outbox.state, input.state) : undefined,
    keysetAfter(newestMessagesFirst, input.cursor),
  ];
  const rows = await db
    .select({
      id: outbox.id,
      createdAt: outbox.createdAt,
      payload: outbox.payload,
      state: outbox.state,
      tries: outbox.tries,
      nextTryAt: outbox.nextTryAt,
      processedAt: outbox.processedAt,
      lastError: outbox.lastError,
    })
    .from(outbox)
    .where(and(...filters))
    .orderBy(...keysetOrderBy(newestMessagesFirst))
    .limit(limit + 1);
  const page = keysetPage(rows, limit, (r) => [r.createdAt, r.id]);
  return {
    ...page,
    rows: page.rows.map(({ payload, ...r }) => {
      const p = payload as CustomerEmailPayload;
      return { ...r, kind: p.kind, to: p.to, orderId: p.orderId, orderNumber: p.orderNumber };
    }),
  };
}

/** A `sending` claim older than this is taken as a worker that died mid-send. */
export const stuckAfterMs = 10 * 60_000;

/**
 * A person chooses to send a message again: one that failed, or one stuck in `sending`
 * (whose first copy may or may not have gone out — hence a person's choice, never the worker's).
 */
export async function resendCustomerNotice(
  db: Db,
  actor: Actor,
  merchantId: string,
  messageId: string,
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const stuckBefore = new Date(now.getTime() - stuckAfterMs).toISOString();
    const [row] = await tx
      .update(outbox)
      .set({ state: "pending", nextTryAt: now, lastError: null })
      .where(
        and(
          eq(outbox.id, messageId),
          eq(outbox.merchantId, merchantId),
          eq(outbox.topic, customerEmailTopic),
          sql`(${outbox.state} = 'failed' or (${outbox.state} = 'sending' and ${outbox.nextTryAt} < ${stuckBefore}::timestamptz))`,
        ),
      )
      .returning({ id: outbox.id, tries: outbox.tries });
    if (!row)
      throw new DomainError(
        "INVALID_STATE",
        "messageNotRetryable",
        "Only a failed or stuck message can be sent again",
      );
    await recordAudit(tx, actor, {
      merchantId,
      action: "customer_message.resend",
      entityType: "outbox",
      entityId: messageId,
      after: { tries: row.tries },
    });
  });
}
