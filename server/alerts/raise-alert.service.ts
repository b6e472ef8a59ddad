import { alerts } from "@/db/schema";
import type { DbOrTx } from "@/db/types";

/**
 * Every kind of alert the product raises. The alerts console explains each one in plain
 * words from its `details`, so a new kind is added here first.
 */
export type AlertKind =
  | "voucher_code_guessing"
  | "amount_mismatch"
  | "duplicate_payment"
  | "payment_on_closed_order"
  | "failure_spike"
  // The anomaly rules of server/risk (risk.logic.ts): each rule raises alerts of its own name.
  | "unusual_amount"
  | "payment_velocity"
  | "repeated_order_failures"
  | "staff_unusual_activity"
  | "redemption_outside_hours"
  | "signature_burst";

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
 * never outlives a rolled-back change).
 */
export async function raiseAlert(db: DbOrTx, alert: NewAlert): Promise<void> {
  await db.insert(alerts).values(alert);
}
