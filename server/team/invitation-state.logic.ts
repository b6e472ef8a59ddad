import { invitationStatuses } from "@/db/schema/enum-values";

export { invitationStatuses };
export type InvitationStatus = (typeof invitationStatuses)[number];

/** How long an invitation waits for its answer; inviting again starts the wait afresh. */
export const invitationLifetimeDays = 14;

export function invitationExpiry(now: Date): Date {
  return new Date(now.getTime() + invitationLifetimeDays * 24 * 60 * 60_000);
}

/**
 * What may happen to an invitation, each once and only while it is pending:
 * - accept (the invitee, or the account it created choosing its own password): → accepted,
 *   never after it expired (the owner invites again, which renews it);
 * - decline (the invitee): → declined, expired or not (saying no is always allowed);
 * - withdraw (an owner of the shop): → withdrawn, expired or not (clearing the list).
 * Every answer is final: a new offer is a new invitation.
 */
export type InvitationEvent = "accept" | "decline" | "withdraw";

export type InvitationVerdict =
  { ok: true; status: InvitationStatus } | { ok: false; reason: "answered" | "expired" };

export function isInvitationExpired(expiresAt: Date, now: Date) {
  return expiresAt.getTime() <= now.getTime();
}

export function nextInvitationStatus(
  invitation: { status: InvitationStatus; expiresAt: Date },
  event: InvitationEvent,
  now: Date,
): InvitationVerdict {
  if (invitation.status !== "pending") return { ok: false, reason: "answered" };
  switch (event) {
    case "accept":
      return isInvitationExpired(invitation.expiresAt, now)
        ? { ok: false, reason: "expired" }
        : { ok: true, status: "accepted" };
    case "decline":
      return { ok: true, status: "declined" };
    case "withdraw":
      return { ok: true, status: "withdrawn" };
  }
}
