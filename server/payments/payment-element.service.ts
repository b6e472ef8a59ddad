import { eq } from "drizzle-orm";
import { orders, paymentAttempts, providerRequests } from "@/db/schema";
import type { Db } from "@/db/types";
import { paymentElementSession } from "@/server/connectors/stripe/stripe.connector";
import { ProviderError } from "@/server/connectors/types";
import { DomainError } from "@/server/errors";
import { loadMethodContext } from "./payment-method.service";
import type { ProviderDeps } from "./provider-request.service";
import { openAttemptStatuses } from "./state.logic";

const closed = () =>
  new DomainError("INVALID_STATE", "payLinkClosed", "This payment request is closed");

/**
 * What the pay page of an open Stripe request starts Stripe's Payment Element with: the
 * publishable key and the PaymentIntent's client secret, for this token only. Any other
 * request (another method, paid, failed, expired, cancelled) gets none: the secret lets its
 * holder confirm the intent, so it is handed out only while there is something to pay.
 */
export async function loadPaymentElement(
  db: Db,
  token: string,
  deps: Pick<ProviderDeps, "key" | "fetch" | "now">,
): Promise<{ publishableKey: string; clientSecret: string }> {
  const [row] = await db
    .select({
      status: paymentAttempts.status,
      expiresAt: paymentAttempts.expiresAt,
      methodId: paymentAttempts.methodId,
      methodKind: paymentAttempts.methodKind,
      orderStatus: orders.status,
      providerRef: providerRequests.providerRef,
    })
    .from(paymentAttempts)
    .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
    .leftJoin(providerRequests, eq(providerRequests.attemptId, paymentAttempts.id))
    .where(eq(paymentAttempts.token, token));
  if (!row)
    throw new DomainError("NOT_FOUND", "payLinkNotFound", "This payment link does not exist");
  if (row.methodKind !== "stripe")
    throw new DomainError(
      "INVALID_STATE",
      "notStripe",
      "This payment request is not a card payment",
    );
  const now = (deps.now ?? (() => new Date()))();
  const open =
    openAttemptStatuses.includes(row.status) &&
    row.orderStatus === "pending" &&
    row.expiresAt > now;
  if (!open || !row.providerRef) throw closed();
  const method = await loadMethodContext(db, row.methodId, deps.key);
  if (!method) throw closed();
  try {
    const session = await paymentElementSession(
      method.context,
      { attemptToken: token, providerRef: row.providerRef },
      { fetch: deps.fetch ?? globalThis.fetch },
    );
    if (!session) throw closed();
    return session;
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    console.error(`Stripe payment element for a pay page: ${err.code}: ${err.message}`);
    throw new DomainError(
      "UNAVAILABLE",
      "cardFormUnavailable",
      "Stripe could not be asked for this payment",
    );
  }
}
