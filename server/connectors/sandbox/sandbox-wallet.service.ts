import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import {
  merchants,
  orders,
  paymentAttempts,
  paymentMethods,
  sandboxWalletPayments,
} from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { openSecret } from "@/server/crypto/secret-box";
import { DomainError } from "@/server/errors";
import { sandboxAllowed } from "@/server/payments/method-offer.service";
import { isOpenAttempt } from "@/server/payments/state.logic";
import type { Deliver, NormalizedEvent } from "../types";
import { sandboxFailures } from "./sandbox-failures";
import { sandboxSignatureHeader, toSandboxBody } from "./sandbox.connector";
import { signSandboxNotification } from "./sandbox-signature";
import { sandboxPin, type ConfirmSandboxInput } from "./sandbox-wallet.schema";

export type { Deliver, Delivery } from "../types";

/** What the wallet screen shows before the customer confirms. */
export async function getSandboxCheckout(db: DbOrTx, token: string, sandboxEverywhere = false) {
  const [row] = await db
    .select({
      status: paymentAttempts.status,
      amountMinor: paymentAttempts.amountMinor,
      currency: paymentAttempts.currency,
      expiresAt: paymentAttempts.expiresAt,
      methodKind: paymentAttempts.methodKind,
      methodLabel: paymentMethods.label,
      merchantName: merchants.name,
      merchantId: orders.merchantId,
      orderNumber: orders.number,
    })
    .from(paymentAttempts)
    .innerJoin(paymentMethods, eq(paymentMethods.id, paymentAttempts.methodId))
    .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
    .innerJoin(merchants, eq(merchants.id, orders.merchantId))
    .where(eq(paymentAttempts.token, token));
  // Outside the demo and practice shops the simulated wallet does not exist.
  if (
    !row ||
    row.methodKind !== "sandbox" ||
    !(await sandboxAllowed(db, row.merchantId, sandboxEverywhere))
  )
    throw new DomainError("NOT_FOUND", "payLinkNotFound", "This payment link does not exist");
  const [paid] = await db
    .select({ outcome: sandboxWalletPayments.outcome })
    .from(sandboxWalletPayments)
    .where(eq(sandboxWalletPayments.attemptToken, token));
  const { merchantId: _m, ...shown } = row;
  return { ...shown, walletOutcome: paid?.outcome ?? null };
}

/**
 * The customer confirms in the simulated wallet. The wallet records the payment in its own
 * ledger (once per request), signs a notification with its private key, and hands it to
 * `deliver`, which posts it to our webhook like a provider would — possibly twice, or with
 * a stale event after the final one, when the method is set to simulate that.
 */
export async function confirmSandboxPayment(
  db: Db,
  input: ConfirmSandboxInput,
  key: Buffer,
  deliver: Deliver,
  now = new Date(),
  sandboxEverywhere = false,
) {
  const [row] = await db
    .select({
      attempt: paymentAttempts,
      methodConfig: paymentMethods.config,
      credentialsSealed: paymentMethods.credentialsSealed,
    })
    .from(paymentAttempts)
    .innerJoin(paymentMethods, eq(paymentMethods.id, paymentAttempts.methodId))
    .where(eq(paymentAttempts.token, input.token));
  if (
    !row ||
    row.attempt.methodKind !== "sandbox" ||
    !(await sandboxAllowed(db, row.attempt.merchantId, sandboxEverywhere))
  )
    throw new DomainError("NOT_FOUND", "payLinkNotFound", "This payment link does not exist");
  const { attempt } = row;
  if (input.pin !== sandboxPin)
    throw new DomainError(
      "VALIDATION",
      "wrongPin",
      "Wrong PIN: the sandbox wallet's PIN is 123456",
      {
        field: "pin",
      },
    );
  if (!isOpenAttempt(attempt.status) || attempt.expiresAt <= now) {
    throw new DomainError(
      "INVALID_STATE",
      "payLinkClosed",
      "This payment request is no longer open",
    );
  }

  const txnId = `SBX${now.toISOString().slice(0, 10).replaceAll("-", "")}${randomBytes(8).toString("hex").toUpperCase()}`;
  const [recorded] = await db
    .insert(sandboxWalletPayments)
    .values({
      attemptToken: attempt.token,
      methodId: attempt.methodId,
      txnId,
      outcome: input.outcome,
      amountMinor: attempt.amountMinor,
      currency: attempt.currency,
    })
    .onConflictDoNothing()
    .returning();
  if (!recorded)
    throw new DomainError(
      "CONFLICT",
      "walletAlreadyUsed",
      "This payment request was already answered in the wallet",
    );
  if (input.outcome === "no_callback") return { outcome: input.outcome };

  const failure = input.outcome === "pay" ? null : sandboxFailures[input.outcome];
  const event: NormalizedEvent = {
    eventId: `EVT-${txnId}`,
    attemptToken: attempt.token,
    outcome: failure ? "failed" : "succeeded",
    amountMinor: attempt.amountMinor,
    currency: attempt.currency,
    providerTxnId: failure ? null : txnId,
    failureCode: failure?.code ?? null,
    failureMessage: failure?.message ?? null,
    failureReason: failure?.reason ?? null,
    // The ledger's time, as the wallet's statement and its query answer give it.
    occurredAt: recorded.createdAt,
  };
  const { privateKeyPem } = JSON.parse(
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a sandbox method is created with sealed credentials
    openSecret(row.credentialsSealed!, key, `payment_method:${attempt.methodId}`),
  ) as { privateKeyPem: string };
  const send = (e: NormalizedEvent, delayMs: number) => {
    const body = JSON.stringify(toSandboxBody(e));
    deliver({
      methodId: attempt.methodId,
      body,
      headers: {
        "content-type": "application/json",
        [sandboxSignatureHeader]: signSandboxNotification(body, privateKeyPem),
      },
      delayMs,
    });
  };
  const delay = () => 150 + Math.floor(Math.random() * 600);
  const first = delay();
  send(event, first);
  if (row.methodConfig.duplicateDeliveries === true) send(event, first + delay());
  if (row.methodConfig.outOfOrderDeliveries === true) {
    // A stale "waiting for payment" event arriving after the final one: must change nothing.
    send(
      {
        ...event,
        eventId: `EVT-${txnId}-WAIT`,
        outcome: "pending",
        providerTxnId: null,
        failureCode: null,
        failureMessage: null,
        failureReason: null,
      },
      first + delay(),
    );
  }
  return { outcome: input.outcome };
}

/** Posts deliveries to this server's webhook, retrying with backoff as providers do. */
export function httpDeliverer(baseUrl: string, attempts = 5): Deliver {
  return (delivery) => {
    const post = async (tryNumber: number) => {
      try {
        const res = await fetch(`${baseUrl}/api/webhooks/sandbox/${delivery.methodId}`, {
          method: "POST",
          headers: delivery.headers,
          body: delivery.body,
        });
        if (res.ok) return;
      } catch {
        // the server may be restarting; try again below
      }
      if (tryNumber < attempts) setTimeout(() => void post(tryNumber + 1), 1000 * 2 ** tryNumber);
    };
    setTimeout(() => void post(1), delivery.delayMs);
  };
}
