import { eq } from "drizzle-orm";
import { z } from "zod";
import { notifications } from "@/db/schema";
import type { Db } from "@/db/types";
import { connectorFor } from "@/server/connectors/registry";
import type { Actor } from "@/server/audit/audit.service";
import { applyProviderEvent } from "./attempt.service";
import { loadMethodContext } from "./payment-method.service";

/** Headers worth keeping with a notification (signatures, ids); never cookies or auth. */
function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (
      /^(content-type|user-agent|x-sandbox-|wechatpay-|paypal-|stripe-|x-forwarded-for)/i.test(name)
    )
      kept[name] = value.slice(0, 2000);
  });
  return kept;
}

const maxBodyBytes = 256 * 1024;

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
  },
): Promise<Response> {
  const connector = connectorFor(input.provider);
  if (!connector || !z.uuid().safeParse(input.methodId).success) {
    return Response.json({ code: "FAIL", message: "unknown provider or method" }, { status: 404 });
  }
  const method = await loadMethodContext(db, input.methodId, input.key);
  if (!method || method.kind !== input.provider) {
    return Response.json({ code: "FAIL", message: "unknown provider or method" }, { status: 404 });
  }
  const base = {
    merchantId: method.merchantId,
    methodId: method.id,
    provider: method.kind,
    rawBody: input.rawBody.slice(0, maxBodyBytes),
    headers: keptHeaders(input.headers),
  };

  const verified =
    Buffer.byteLength(input.rawBody) > maxBodyBytes
      ? ({ ok: false, reason: "body too large" } as const)
      : connector.verifyNotification(
          { rawBody: input.rawBody, headers: input.headers },
          method.context,
        );
  if (!verified.ok) {
    await db
      .insert(notifications)
      .values({ ...base, eventId: null, outcome: "rejected", detail: verified.reason });
    return connector.acknowledge(false, verified.reason);
  }

  const event = verified.event;
  await db.transaction(async (tx) => {
    const [stored] = await tx
      .insert(notifications)
      .values({ ...base, eventId: event.eventId, outcome: "applied" })
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    // Already in the inbox: a repeat delivery. Acknowledge, change nothing.
    if (!stored) return;
    const result = await applyProviderEvent(tx, method.id, event, input.actor);
    await tx
      .update(notifications)
      .set({
        outcome: result.outcome,
        detail: "detail" in result ? result.detail : null,
        attemptId: result.attemptId,
      })
      .where(eq(notifications.id, stored.id));
  });
  return connector.acknowledge(true);
}
