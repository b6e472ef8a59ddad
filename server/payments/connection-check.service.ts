import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { notifications, paymentMethods } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { credentialsComplete } from "@/server/connectors/credentials.schema";
import { connectorFor } from "@/server/connectors/registry";
import { sandboxSignatureHeader } from "@/server/connectors/sandbox/sandbox.connector";
import { signSandboxNotification } from "@/server/connectors/sandbox/sandbox-signature";
import { DomainError } from "@/server/errors";
import { connectionErrorText, isUnreachableError } from "./method-readiness.logic";
import { loadMethodContext } from "./payment-method.service";
import { connectorDeps, type ProviderDeps } from "./provider-request.service";

async function ownMethod(db: Db, merchantId: string, methodId: string, key: Buffer) {
  const method = await loadMethodContext(db, methodId, key);
  if (!method || method.merchantId !== merchantId)
    throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  return method;
}

/**
 * "Check connection": asks the provider, with the saved keys, about an order number that
 * cannot exist, and records the answer and its time on the method (with an audit row). A
 * provider method is offered only after a check passed.
 */
export async function checkMethodConnection(
  db: Db,
  actor: Actor,
  merchantId: string,
  methodId: string,
  deps: Pick<ProviderDeps, "key" | "fetch" | "now">,
) {
  const method = await ownMethod(db, merchantId, methodId, deps.key);
  const connector = connectorFor(method.kind);
  if (!connector)
    throw new DomainError("INVALID_STATE", "nothingToCheck", "Cash has no connection to check");
  if (!credentialsComplete(method.kind, method.config))
    throw new DomainError(
      "INVALID_STATE",
      "connectFirst",
      "Enter the provider's ids and keys before checking the connection",
    );
  const result = await connector.checkConnection(method.context, connectorDeps(db, deps));
  const checkedAt = (deps.now ?? (() => new Date()))();
  const error = result.ok ? null : connectionErrorText(result.code, result.message);
  await db.transaction(async (tx) => {
    await tx
      .update(paymentMethods)
      .set({ connectionCheckedAt: checkedAt, connectionOk: result.ok, connectionError: error })
      .where(and(eq(paymentMethods.id, methodId), eq(paymentMethods.merchantId, merchantId)));
    await recordAudit(tx, actor, {
      merchantId,
      action: "payment_method.connection_check",
      entityType: "payment_method",
      entityId: methodId,
      after: { ok: result.ok, error },
    });
  });
  return { ok: result.ok, checkedAt, error, unreachable: isUnreachableError(error) };
}

/** Posts a delivery to our webhook route for a method, as a provider's server would. */
export type PostToWebhook = (delivery: {
  methodId: string;
  body: string;
  headers: Record<string, string>;
}) => Promise<Response>;

/** Posts over HTTP to this server's own webhook route (the real route, as the wallet does). */
export function httpWebhookPoster(baseUrl: string): PostToWebhook {
  return ({ methodId, body, headers }) =>
    fetch(`${baseUrl}/api/webhooks/sandbox/${methodId}`, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(10_000),
    });
}

/**
 * "Send a test notification" (sandbox wallet): a signed event about nothing goes through the
 * webhook route and its signature check like a payment's would; the answer and what the inbox
 * recorded are returned to be shown.
 */
export async function sendSandboxTestNotification(
  db: Db,
  merchantId: string,
  methodId: string,
  key: Buffer,
  post: PostToWebhook,
) {
  const method = await ownMethod(db, merchantId, methodId, key);
  if (method.kind !== "sandbox")
    throw new DomainError(
      "INVALID_STATE",
      "notSandbox",
      "Only a sandbox method has simulated deliveries",
    );
  const eventId = `TEST-${randomBytes(8).toString("hex").toUpperCase()}`;
  const body = JSON.stringify({
    event_id: eventId,
    event_type: "test",
    occurred_at: new Date().toISOString(),
  });
  const privateKeyPem = method.context.credentials.privateKeyPem ?? "";
  let status: number | null = null;
  try {
    const res = await post({
      methodId,
      body,
      headers: {
        "content-type": "application/json",
        [sandboxSignatureHeader]: signSandboxNotification(body, privateKeyPem),
      },
    });
    status = res.status;
  } catch {
    // Our own address could not be reached: said below as "not received".
  }
  const [stored] = await db
    .select({ outcome: notifications.outcome, detail: notifications.detail })
    .from(notifications)
    .where(and(eq(notifications.methodId, methodId), eq(notifications.eventId, eventId)));
  return {
    eventId,
    httpStatus: status,
    /** Received, its signature verified, and recorded in the inbox. */
    verified: status !== null && status >= 200 && status < 300 && !!stored,
    recorded: stored?.outcome ?? null,
  };
}
