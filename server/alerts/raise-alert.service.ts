import { alerts } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { enqueueAlertEmail } from "./alert-email.service";

/**
 * Every kind of alert the product raises. The alerts console explains each one in plain
 * words from its `details`, so a new kind is added here first.
 */
export type AlertKind =
  | "voucher_code_guessing"
  | "amount_mismatch"
  | "duplicate_payment"
  | "payment_on_closed_order"
  | "over_payment"
  | "part_paid_order_stale"
  | "failure_spike"
  // The anomaly rules of server/risk (risk.logic.ts): each rule raises alerts of its own name.
  | "unusual_amount"
  | "payment_velocity"
  | "repeated_order_failures"
  | "staff_unusual_activity"
  | "redemption_outside_hours"
  | "signature_burst"
  | "cash_difference"
  // A customer rated their receipt 1 or 2 (server/feedback).
  | "low_satisfaction"
  // A late payment spent a promotion's discount past its budget (server/promotions).
  | "promotion_over_budget"
  // Money the provider moved that Hexiao did not ask for (server/payments/outside-movement).
  | "payment_outside_hexiao"
  | "refund_outside_hexiao";

export interface NewAlert {
  merchantId: string;
  kind: AlertKind;
  entityType: string;
  entityId: string | null;
  /** The numbers that triggered it, shown as they are: JSON-safe values only. */
  details: object;
}

/**
 * The one way an alert is raised, inside the transaction of what caused it (so an alert
 * never outlives a rolled-back change), with the owners' e-mail about it when they asked
 * for one. A caller outside a transaction (a wrong voucher code, recorded although the
 * redemption fails) gets one of its own, so the alert and its e-mail are written together.
 */
export async function raiseAlert(db: DbOrTx, alert: NewAlert): Promise<void> {
  await db.transaction(async (tx) => {
    const [raised] = await tx.insert(alerts).values(alert).returning({ id: alerts.id });
    if (raised) await enqueueAlertEmail(tx, alert.merchantId, raised.id);
  });
}
