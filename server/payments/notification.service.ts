import { eq, sql, type Placeholder, type SQL } from "drizzle-orm";
import { z } from "zod";
import { notifications, paymentAttempts, paymentMethodKinds } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { connectorFor } from "@/server/connectors/registry";
import type {
  Connector,
  ConnectorDeps,
  MethodContext,
  NormalizedEvent,
  VerifiedNotification,
  VerifyResult,
} from "@/server/connectors/types";
import { systemActor, type Actor } from "@/server/audit/audit.service";
import {
  recordAmountMismatch,
  recordRejectedNotification,
} from "@/server/failures/failure-log.service";
import { cappedText, readCappedText } from "@/server/http/capped-body";
import { requestMeta } from "@/server/http/request-meta";
import { retryAfterSeconds, throttleKey, type ThrottleCounter } from "@/server/http/throttle.logic";
import { reserveAttempt } from "@/server/http/throttle.service";
import { applyRefundNotice } from "@/server/refunds/refund-settle.service";
import type { AttemptRow } from "./attempt-transition.service";
import type { OrderRow } from "./order-transition.service";
import {
  applyToLockedPayment,
  attemptOfReference,
  lockPaymentQuery,
  type LockedPayment,
} from "./provider-event.service";
import { alertPaymentOutside, applyRefundedTotal } from "./outside-movement.service";
import { loadMethodContextAndThrottle } from "./payment-method.service";
import type { PaymentTerms } from "./payment-outcome.service";
import { connectorDeps } from "./provider-request.service";
import { unverifiedBodyDigest } from "./unverified-body.logic";
import { one } from "@/db/one";
import {
  statementTemplate,
  statementTemplatesByShape,
  type Placeholders,
} from "@/db/statement-template";

/** PostgreSQL text cannot hold NUL: stored copies of hostile input have it replaced. */
const storable = (text: string) => text.replaceAll("\u0000", "\uFFFD");

/** Headers worth keeping with a notification (signatures, ids); never cookies or auth. */
function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (
      /^(content-type|user-agent|x-sandbox-|wechatpay-|paypal-|stripe-|x-forwarded-for)/i.test(name)
    )
      kept[name] = storable(value.slice(0, 2000));
  });
  return kept;
}

// Built once: a zod schema costs more to build than to use, and this runs on every delivery.
const methodIdSchema = z.uuid();

/** The largest notification read; the route stops reading a body past it. */
export const maxNotificationBytes = 256 * 1024;

/**
 * Notifications failing verification allowed per method and client address before that
 * address is answered 429 for the rest of the window: a provider's own never fail, and a
 * stranger probing a method (its id is on every pay page) is slowed to a trickle.
 */
export const rejectedNotificationRule = { maxFailures: 20, windowSeconds: 10 * 60 };

function notificationCounter(methodId: string, ip: string | null): ThrottleCounter {
  return {
    key: throttleKey("notification", `${methodId}|${ip ?? ""}`),
    rule: rejectedNotificationRule,
  };
}

/**
 * A POST to /api/webhooks/<provider>/<methodId> answered on `db`: its raw body read (capped) for
 * the signature check, its sender's address and agent kept as the actor. `bytes`: the body,
 * when the app server has read it already (the request then carries none).
 */
export async function answerWebhook(
  db: Db,
  key: Buffer,
  req: Request,
  provider: string,
  methodId: string,
  bytes?: Uint8Array,
): Promise<Response> {
  return receiveNotification(db, {
    provider,
    methodId,
    rawBody: bytes
      ? cappedText([bytes], maxNotificationBytes)
      : await readCappedText(req, maxNotificationBytes),
    headers: req.headers,
    key,
    actor: { ...systemActor, ...requestMeta(req.headers) },
  });
}

/**
 * The notification path shared by every provider: verify the signature (a forgery changes
 * nothing and is recorded), store the event once in the inbox (a repeat delivery is
 * acknowledged and changes nothing), apply it to the attempt and order in the same
 * transaction, and only after commit answer as the provider expects.
 */
export async function receiveNotification(
  db: Db,
  input: {
    provider: string;
    methodId: string;
    rawBody: string;
    headers: Headers;
    key: Buffer;
    actor: Actor;
    /** For fetching a provider's certificate (PayPal); the clock for signature windows. */
    fetch?: typeof fetch;
    now?: () => Date;
  },
): Promise<Response> {
  const connector = connectorFor(input.provider);
  if (!connector || !methodIdSchema.safeParse(input.methodId).success) {
    return Response.json({ code: "FAIL", message: "unknown provider or method" }, { status: 404 });
  }
  // Only failures are counted, after verifying: a provider repeating one genuine event 20
  // times at once must never be refused, and a parallel burst of forgeries getting past the
  // limit costs only its capped digests and one counter in the failure log. The counter is
  // read with the method (one statement); its key is the method's id as given, which
  // throttleKey lowercases as the database returns ids.
  const counter = notificationCounter(input.methodId, input.actor.ip);
  const found = await loadMethodContextAndThrottle(db, input.methodId, counter.key, input.key);
  if (!found || found.method.kind !== input.provider) {
    return Response.json({ code: "FAIL", message: "unknown provider or method" }, { status: 404 });
  }
  const { method } = found;
  const now = input.now?.() ?? new Date();
  const wait = retryAfterSeconds(counter.rule, found.throttle, now);
  if (wait > 0) {
    return Response.json(
      { code: "FAIL", message: "too many rejected notifications" },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const base = {
    merchantId: method.merchantId,
    methodId: method.id,
    provider: method.kind,
    headers: keptHeaders(input.headers),
  };

  const verified =
    Buffer.byteLength(input.rawBody) > maxNotificationBytes
      ? ({ ok: false, reason: "body too large" } as const)
      : await verifySafely(connector, input, method.context, connectorDeps(db, input));
  if (!verified.ok) {
    await db.transaction(async (tx) => {
      const stored = one(
        await tx
          .insert(notifications)
          .values({
            ...base,
            rawBody: storable(unverifiedBodyDigest(input.rawBody)),
            eventId: null,
            outcome: "rejected",
            detail: storable(verified.reason),
          })
          .returning({ id: notifications.id }),
        "notification",
      );
      await recordRejectedNotification(tx, {
        ...failureOf(base, stored.id),
        detail: storable(verified.reason),
        at: now,
      });
    });
    await reserveAttempt(db, [counter], now);
    return connector.acknowledge(false, verified.reason);
  }

  const notification = verified.notification;
  await db.transaction(async (tx) => {
    const eventId =
      notification.kind === "payment"
        ? notification.event.eventId
        : notification.kind === "refund"
          ? notification.refund.eventId
          : notification.kind === "refunded_total"
            ? notification.refunded.eventId
            : notification.eventId;
    const detail = notificationDetail(notification);
    // Stored as applied: what a payment event comes to (nearly every delivery), so only
    // another outcome needs the row written again.
    const row = {
      ...base,
      rawBody: storable(input.rawBody),
      eventId,
      outcome: notification.kind === "other" ? ("ignored" as const) : ("applied" as const),
      detail,
    };
    // A payment event's row is written and its order and attempt locked by one statement.
    const [stored] =
      notification.kind === "payment"
        ? await storeAndLockPayment(
            tx,
            // A success is made under terms read with the lock (see succeedAttempt).
            notification.event.outcome === "succeeded",
            { ...row, token: notification.event.attemptToken },
          )
        : await storeVerified(tx, { ...row, attemptId: null });
    // Already in the inbox: a repeat delivery. Acknowledge, change nothing.
    if (!stored || notification.kind === "other") return;
    const result =
      notification.kind === "payment"
        ? await applyPaymentEvent(tx, base, lockedOf(stored), notification.event, input.actor)
        : notification.kind === "refund"
          ? await applyRefundNotice(tx, base, notification.refund, input.actor)
          : {
              outcome: "ignored" as const,
              ...(await applyRefundedTotal(tx, base, notification.refunded)),
            };
    // A refund's row keeps what it said (status, amount, our id); a payment's, the result.
    const outcomeDetail = "detail" in result ? result.detail : detail;
    if (
      result.outcome !== "applied" ||
      outcomeDetail !== detail ||
      result.attemptId !== stored.attemptId
    ) {
      await tx
        .update(notifications)
        .set({ outcome: result.outcome, detail: outcomeDetail, attemptId: result.attemptId })
        .where(eq(notifications.id, stored.id));
    }
    if (result.outcome === "mismatch" && result.attemptId) {
      await recordAmountMismatch(tx, {
        ...failureOf(base, stored.id),
        attemptId: result.attemptId,
        detail: result.detail,
      });
    }
  });
  return connector.acknowledge(true);
}

/**
 * A payment event applied to the payment it names; a success naming none of the method's
 * requests is money Hexiao did not ask for, told to the owner (outside-movement.service).
 */
async function applyPaymentEvent(
  tx: Tx,
  method: { merchantId: string; methodId: string },
  locked: LockedPayment | null,
  event: NormalizedEvent,
  actor: Actor,
) {
  if (locked || event.outcome !== "succeeded")
    return applyToLockedPayment(tx, locked, event, actor);
  return {
    outcome: "ignored" as const,
    attemptId: null,
    detail: await alertPaymentOutside(tx, method, event),
  };
}

type Inbox = typeof notifications.$inferInsert;

/** What a verified notification's inbox row is written from (its attempt aside). */
type InboxValues = Placeholders<
  Required<
    Pick<
      Inbox,
      | "merchantId"
      | "methodId"
      | "provider"
      | "headers"
      | "rawBody"
      | "eventId"
      | "outcome"
      | "detail"
    >
  >
>;

/**
 * The inbox row's insert, once per event: nothing when the event is there already (its
 * unique key), else the row's id and attempt.
 */
function insertInboxRow(db: DbOrTx, v: InboxValues, attemptId: SQL | Placeholder) {
  return db
    .insert(notifications)
    .values({
      merchantId: v.merchantId,
      methodId: v.methodId,
      provider: v.provider,
      headers: v.headers,
      rawBody: v.rawBody,
      eventId: v.eventId,
      outcome: v.outcome,
      detail: v.detail,
      attemptId,
    })
    .onConflictDoNothing()
    .returning({ id: notifications.id, attemptId: notifications.attemptId });
}

/** A verified notification into the inbox, once: nothing when its event is there already. */
const storeVerified = statementTemplate(
  "store_verified_notification",
  (db, v: InboxValues & Placeholders<{ attemptId: string | null }>) =>
    insertInboxRow(db, v, v.attemptId),
);

/**
 * A payment event into the inbox, once, and the order and attempt its reference names locked
 * (lockPaymentQuery), in one statement. The row is written first: a repeat delivery waits at
 * the event's unique key for the first delivery's commit, then writes nothing and so locks
 * nothing (the lock reads the row written, through the attempt it names); every delivery takes
 * the two in this order, so none holds the payment while waiting for another's inbox row.
 * No row: a repeat. `order` null: the method has no attempt of that reference.
 */
const storeAndLockPayment = statementTemplatesByShape(
  "store_and_lock_payment",
  (withTerms: boolean) => (withTerms ? "with_terms" : "lock"),
  (db, v: InboxValues & Placeholders<{ token: string }>, withTerms) => {
    const stored = db.$with("stored").as(
      insertInboxRow(
        db,
        v,
        sql`(select ${paymentAttempts.id} from ${paymentAttempts}
          where ${attemptOfReference(v.methodId, v.token)})`,
      ),
    );
    const locked = lockPaymentQuery(db, eq(paymentAttempts.id, stored.attemptId), withTerms).as(
      "locked",
    );
    // Read only with `withTerms` (undefined without).
    const { terms } = locked;
    const row = {
      id: stored.id,
      attemptId: stored.attemptId,
      order: locked.order,
      attempt: locked.attempt,
    };
    return db
      .with(stored)
      .select(terms ? { ...row, terms } : row)
      .from(stored)
      .leftJoinLateral(locked, sql`true`);
  },
);

/**
 * The payment storeAndLockPayment locked; null when the method has no attempt of the event's
 * reference (the row names none: its lateral join's columns then read null, which drizzle
 * leaves in objects) or for another statement's row.
 */
function lockedOf(stored: {
  attemptId: string | null;
  order?: OrderRow | null;
  attempt?: AttemptRow | null;
  terms?: PaymentTerms | null;
}): LockedPayment | null {
  return stored.attemptId !== null && stored.order && stored.attempt
    ? { order: stored.order, attempt: stored.attempt, terms: stored.terms }
    : null;
}

function failureOf(
  base: { merchantId: string; methodId: string; provider: (typeof paymentMethodKinds)[number] },
  notificationId: string,
) {
  return {
    merchantId: base.merchantId,
    methodId: base.methodId,
    methodKind: base.provider,
    notificationId,
  };
}

/** What the inbox row says of a notification: a refund's outcome and ids, or why it is not applied. */
function notificationDetail(notification: VerifiedNotification): string | null {
  if (notification.kind === "refund")
    return `refund ${notification.refund.status} ${notification.refund.amountMinor ?? "?"} ${notification.refund.currency ?? ""} (${notification.refund.merchantRefundId ?? notification.refund.refundId ?? "no id"})`.trim();
  if (notification.kind === "refunded_total")
    return `refunded in total ${notification.refunded.totalMinor} ${notification.refunded.currency}`;
  if (notification.kind === "other") return `not a payment event: ${notification.detail}`;
  return null;
}

/** A connector that throws on hostile input must still answer 4xx, never 5xx. */
async function verifySafely(
  connector: Connector,
  input: { rawBody: string; headers: Headers },
  method: MethodContext,
  deps: ConnectorDeps,
): Promise<VerifyResult> {
  try {
    return await connector.verifyNotification(
      { rawBody: input.rawBody, headers: input.headers },
      method,
      deps,
    );
  } catch (err) {
    console.error("notification verification threw:", err);
    return { ok: false, reason: "notification could not be read" };
  }
}
