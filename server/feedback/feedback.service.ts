import { and, asc, eq, lte, sql, type SQL } from "drizzle-orm";
import {
  merchants,
  orders,
  paymentAttempts,
  paymentMethods,
  receiptFeedback,
  satisfactionRollups,
  stores,
  supportNotes,
  users,
  vouchers,
} from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { raiseAlert } from "@/server/alerts/raise-alert.service";
import { lockShopZone } from "@/server/analytics/rollup-write";
import { recordAudit, systemActor, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { throttleKey } from "@/server/http/throttle.logic";
import type { RequestMeta } from "@/server/http/request-meta";
import { reserveAttempt } from "@/server/http/throttle.service";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import { writeSupportNote } from "@/server/support/support-note.service";
import { personLabel } from "@/server/team/person-label";
import { localDate } from "@/server/time/local-date.logic";
import { parseCode } from "@/server/vouchers/voucher-code.logic";
import { feedbackRule, isLowScore, lowScoreAtMost } from "./feedback.logic";
import {
  listFeedbackInput,
  submitFeedbackInput,
  type ListFeedbackInput,
  type ReplyToFeedbackInput,
  type SubmitFeedbackInput,
} from "./feedback.schema";

const receiptNotFound = () =>
  new DomainError("NOT_FOUND", "receiptNotFound", "This receipt does not exist");

/** The paid order behind a receipt code, with what an answer about it is filed under. */
async function orderOfReceipt(db: DbOrTx, rawCode: string) {
  const parsed = parseCode(rawCode);
  if (!parsed.ok) throw receiptNotFound();
  const [row] = await db
    .select({
      merchantId: orders.merchantId,
      orderId: orders.id,
      orderNumber: orders.number,
      status: orders.status,
      storeId: orders.storeId,
      storeName: stores.name,
      cashierId: orders.createdBy,
    })
    .from(vouchers)
    .innerJoin(orders, eq(orders.id, vouchers.orderId))
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .where(eq(vouchers.code, parsed.code));
  if (!row) throw receiptNotFound();
  // The method that took the money (a split bill's first part), as the receipt names it.
  const [method] = await db
    .select({ id: paymentMethods.id, label: paymentMethods.label })
    .from(paymentAttempts)
    .innerJoin(paymentMethods, eq(paymentMethods.id, paymentAttempts.methodId))
    .where(
      and(
        eq(paymentAttempts.orderId, row.orderId),
        eq(paymentAttempts.status, "succeeded"),
        eq(paymentAttempts.isDuplicate, false),
      ),
    )
    .orderBy(asc(paymentAttempts.createdAt))
    .limit(1);
  return { ...row, methodId: method?.id ?? null, methodLabel: method?.label ?? null };
}

/**
 * The customer's answer from their receipt, without an account: the receipt's unguessable
 * code is the key. The address is counted before anything else (a script posting scores is
 * refused before it reaches a row), and the order's unique key makes a second answer — even
 * one racing the first — a CONFLICT. The answer, its roll-up row, its audit row and, for a
 * low score, the manager's alert are one transaction.
 */
export async function submitFeedback(
  db: Db,
  meta: RequestMeta,
  rawInput: SubmitFeedbackInput,
  now = new Date(),
) {
  const input = submitFeedbackInput.parse(rawInput);
  const wait = await reserveAttempt(
    db,
    [{ key: throttleKey("receipt-feedback", meta.ip ?? "unknown"), rule: feedbackRule }],
    now,
  );
  if (wait > 0) {
    throw new DomainError(
      "RATE_LIMITED",
      "tooManyFeedback",
      "Too many answers from this network: try again later",
      { seconds: wait },
    );
  }
  const order = await orderOfReceipt(db, input.code);
  if (order.status === "pending" || order.status === "cancelled" || order.status === "expired") {
    throw new DomainError("INVALID_STATE", "feedbackNotPaid", "Only a paid order can be rated");
  }
  return db.transaction(async (tx) => {
    // The day in the shop's zone as it stands under the roll-ups' lock: a zone's rebuild
    // (rebuildStaleRollups) moves the answers and their roll-up with the rest.
    const day = localDate(now, await lockShopZone(tx, order.merchantId));
    const [answer] = await tx
      .insert(receiptFeedback)
      .values({
        merchantId: order.merchantId,
        orderId: order.orderId,
        storeId: order.storeId,
        methodId: order.methodId,
        cashierId: order.cashierId,
        score: input.score,
        comment: input.comment ?? null,
        locale: input.locale ?? null,
        day,
        createdAt: now,
      })
      .onConflictDoNothing({ target: receiptFeedback.orderId })
      .returning({ id: receiptFeedback.id });
    if (!answer) {
      throw new DomainError("CONFLICT", "feedbackAlreadyGiven", "This receipt has been rated");
    }
    await addToRollup(tx, {
      merchantId: order.merchantId,
      day,
      storeId: order.storeId,
      methodId: order.methodId,
      cashierId: order.cashierId,
      score: input.score,
    });
    await recordAudit(
      tx,
      { ...systemActor, ...meta },
      {
        merchantId: order.merchantId,
        action: "feedback.receive",
        entityType: "order",
        entityId: order.orderId,
        // The score only: the comment is the customer's, read in the inbox, erased on request.
        after: { feedbackId: answer.id, score: input.score },
      },
    );
    if (isLowScore(input.score)) {
      await raiseAlert(tx, {
        merchantId: order.merchantId,
        kind: "low_satisfaction",
        entityType: "order",
        entityId: order.orderId,
        details: {
          score: input.score,
          threshold: lowScoreAtMost,
          orderNumber: order.orderNumber,
          storeName: order.storeName,
          methodLabel: order.methodLabel ?? "—",
        },
      });
    }
    return { id: answer.id, score: input.score };
  });
}

/** One answer into its merchant × day × store × method × cashier row. */
async function addToRollup(
  tx: Tx,
  a: {
    merchantId: string;
    day: string;
    storeId: string;
    methodId: string | null;
    cashierId: string | null;
    score: number;
  },
) {
  const low = isLowScore(a.score) ? 1 : 0;
  await tx
    .insert(satisfactionRollups)
    .values({
      merchantId: a.merchantId,
      day: a.day,
      storeId: a.storeId,
      methodId: a.methodId,
      cashierId: a.cashierId,
      answers: 1,
      scoreSum: a.score,
      lowScores: low,
    })
    .onConflictDoUpdate({
      target: [
        satisfactionRollups.merchantId,
        satisfactionRollups.day,
        satisfactionRollups.storeId,
        satisfactionRollups.methodId,
        satisfactionRollups.cashierId,
      ],
      set: {
        answers: sql`${satisfactionRollups.answers} + 1`,
        scoreSum: sql`${satisfactionRollups.scoreSum} + ${a.score}`,
        lowScores: sql`${satisfactionRollups.lowScores} + ${low}`,
      },
    });
}

/** Whether this receipt has been rated, for the receipt page (the score only). */
export async function feedbackOfOrder(db: DbOrTx, orderId: string) {
  const [row] = await db
    .select({ score: receiptFeedback.score })
    .from(receiptFeedback)
    .where(eq(receiptFeedback.orderId, orderId));
  return row ?? null;
}

const newestFirst: Keyset = {
  key: receiptFeedback.createdAt,
  id: receiptFeedback.id,
  kind: "instant",
  descending: true,
};

const allOf = (...parts: (SQL | undefined)[]) => and(...parts.filter(Boolean)) as SQL;

/** The feedback inbox: newest first, filtered by score, method, store and local dates. */
export async function listFeedback(db: DbOrTx, merchantId: string, rawInput: ListFeedbackInput) {
  const f = listFeedbackInput.parse(rawInput);
  const tz = sql`(select ${merchants.timeZone} from ${merchants} where ${merchants.id} = ${merchantId})`;
  const at = receiptFeedback.createdAt;
  const rows = await db
    .select({
      id: receiptFeedback.id,
      orderId: receiptFeedback.orderId,
      orderNumber: orders.number,
      score: receiptFeedback.score,
      comment: receiptFeedback.comment,
      locale: receiptFeedback.locale,
      storeName: stores.name,
      methodLabel: paymentMethods.label,
      cashierName: personLabel(users),
      reply: supportNotes.body,
      repliedAt: supportNotes.createdAt,
      createdAt: receiptFeedback.createdAt,
    })
    .from(receiptFeedback)
    .innerJoin(orders, eq(orders.id, receiptFeedback.orderId))
    .innerJoin(stores, eq(stores.id, receiptFeedback.storeId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, receiptFeedback.methodId))
    .leftJoin(users, eq(users.id, receiptFeedback.cashierId))
    .leftJoin(supportNotes, eq(supportNotes.id, receiptFeedback.replyNoteId))
    .where(
      allOf(
        eq(receiptFeedback.merchantId, merchantId),
        f.score ? eq(receiptFeedback.score, f.score) : undefined,
        f.lowOnly ? lte(receiptFeedback.score, lowScoreAtMost) : undefined,
        f.methodId ? eq(receiptFeedback.methodId, f.methodId) : undefined,
        f.storeId ? eq(receiptFeedback.storeId, f.storeId) : undefined,
        f.from ? sql`${at} >= (${f.from}::date)::timestamp at time zone ${tz}` : undefined,
        f.to ? sql`${at} < (${f.to}::date + 1)::timestamp at time zone ${tz}` : undefined,
        keysetAfter(newestFirst, f.cursor),
      ),
    )
    .orderBy(...keysetOrderBy(newestFirst))
    .limit(f.limit + 1);
  return keysetPage(rows, f.limit, (r) => [r.createdAt, r.id]);
}

/**
 * A manager answers an answer: the reply is written as a support note on the order (where
 * the counter reads what was said to the customer), linked from the feedback, once.
 */
export async function replyToFeedback(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: ReplyToFeedbackInput,
) {
  return db.transaction(async (tx) => {
    const [feedback] = await tx
      .select({ id: receiptFeedback.id, orderId: receiptFeedback.orderId })
      .from(receiptFeedback)
      .where(
        and(eq(receiptFeedback.id, input.feedbackId), eq(receiptFeedback.merchantId, merchantId)),
      )
      .for("update");
    if (!feedback) throw new DomainError("NOT_FOUND", "feedbackNotFound", "Feedback not found");
    const note = await writeSupportNote(tx, actor, merchantId, {
      orderId: feedback.orderId,
      body: input.body,
    });
    const [linked] = await tx
      .update(receiptFeedback)
      .set({ replyNoteId: note.id })
      .where(and(eq(receiptFeedback.id, feedback.id), sql`${receiptFeedback.replyNoteId} is null`))
      .returning({ id: receiptFeedback.id });
    if (!linked) {
      throw new DomainError("CONFLICT", "feedbackAlreadyReplied", "This feedback has a reply");
    }
    return { noteId: note.id, orderId: feedback.orderId };
  });
}
