import type { Db } from "@/db/types";
import type { Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { insertAttempt, loadMethodForOrder, requirePending } from "./new-attempt.service";
import { cancelOpenAttempts } from "./open-attempts.service";
import { lockOrder } from "./order-lock.service";
import { partAmount } from "./parts.logic";
import { paidSoFar } from "./parts.service";
import { succeedAttempt } from "./payment-outcome.service";

/**
 * Cash: the cashier enters what the customer handed over for the amount still due, or for a
 * part of it (mixed tender, parts.logic.ts); the attempt succeeds at once.
 */
export async function payCash(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: {
    orderId: string;
    methodId: string;
    amountMinor?: bigint | undefined;
    tenderedMinor: bigint;
  },
) {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, merchantId, input.orderId);
    requirePending(order);
    const method = await loadMethodForOrder(tx, order, input.methodId);
    if (method.kind !== "cash")
      throw new DomainError("INVALID_STATE", "notCash", "This method is not cash");
    const amountMinor = partAmount(order, await paidSoFar(tx, order.id), input.amountMinor);
    if (input.tenderedMinor < amountMinor) {
      throw new DomainError(
        "VALIDATION",
        "tenderTooLow",
        "The cash handed over is less than the amount due",
      );
    }
    await cancelOpenAttempts(tx, actor, order, null);
    const attempt = await insertAttempt(tx, actor, order, method, amountMinor);
    const changeMinor = input.tenderedMinor - amountMinor;
    await succeedAttempt(tx, actor, attempt, order, {
      providerTxnId: null,
      at: new Date(),
      cash: { tenderedMinor: input.tenderedMinor, changeMinor },
    });
    return { attemptId: attempt.id, changeMinor };
  });
}
