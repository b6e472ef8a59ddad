import { alertStatuses } from "@/db/schema/enum-values";
import { DomainError } from "@/server/errors";

export type AlertStatus = (typeof alertStatuses)[number];

/**
 * An alert's moves: someone acknowledges it (it leaves the badge while they look into it),
 * then resolves it with a note; an obvious one may be resolved at once. Resolved is final:
 * the same thing happening again raises a new alert.
 */
export const alertTransitions: Record<AlertStatus, readonly AlertStatus[]> = {
  open: ["acknowledged", "resolved"],
  acknowledged: ["resolved"],
  resolved: [],
};

export function canTransitionAlert(from: AlertStatus, to: AlertStatus): boolean {
  return alertTransitions[from].includes(to);
}

/** The statuses an alert may reach `to` from: the `WHERE status = ANY(…)` of its UPDATE. */
export function alertStatusesInto(to: AlertStatus): AlertStatus[] {
  return alertStatuses.filter((from) => canTransitionAlert(from, to));
}

/** Throws DomainError INVALID_STATE unless the alert may go from → to. */
export function assertAlertTransition(from: AlertStatus, to: AlertStatus): void {
  if (!canTransitionAlert(from, to))
    throw new DomainError(
      "INVALID_STATE",
      "invalidTransition",
      `The alert cannot go from ${from} to ${to}`,
      { from, to },
    );
}
