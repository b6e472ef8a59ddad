import { describe, expect, it } from "vitest";
import {
  invitationExpiry,
  invitationStatuses,
  isInvitationExpired,
  nextInvitationStatus,
  type InvitationEvent,
  type InvitationStatus,
  type InvitationVerdict,
} from "./invitation-state.logic";

const now = new Date("2026-03-10T08:00:00Z");
const later = new Date("2026-03-11T08:00:00Z");
const earlier = new Date("2026-03-09T08:00:00Z");

describe("invitation state machine", () => {
  const table: [InvitationStatus, Date, InvitationEvent, InvitationVerdict][] = [
    ["pending", later, "accept", { ok: true, status: "accepted" }],
    ["pending", later, "decline", { ok: true, status: "declined" }],
    ["pending", later, "withdraw", { ok: true, status: "withdrawn" }],
    // Expired: no joining, but saying no and clearing it stay possible.
    ["pending", earlier, "accept", { ok: false, reason: "expired" }],
    ["pending", now, "accept", { ok: false, reason: "expired" }],
    ["pending", earlier, "decline", { ok: true, status: "declined" }],
    ["pending", earlier, "withdraw", { ok: true, status: "withdrawn" }],
    ["accepted", later, "accept", { ok: false, reason: "answered" }],
    ["accepted", later, "withdraw", { ok: false, reason: "answered" }],
    ["declined", later, "accept", { ok: false, reason: "answered" }],
    ["declined", later, "decline", { ok: false, reason: "answered" }],
    ["withdrawn", later, "accept", { ok: false, reason: "answered" }],
    ["withdrawn", later, "decline", { ok: false, reason: "answered" }],
  ];
  it.each(table)("%s (expires %o) on %s → %o", (status, expiresAt, event, verdict) => {
    expect(nextInvitationStatus({ status, expiresAt }, event, now)).toEqual(verdict);
  });

  it("leaves only pending open to answers", () => {
    for (const status of invitationStatuses) {
      const verdict = nextInvitationStatus({ status, expiresAt: later }, "decline", now);
      expect(verdict.ok).toBe(status === "pending");
    }
  });
});

describe("invitation expiry", () => {
  it("lasts fourteen days and ends at that instant", () => {
    const expiresAt = invitationExpiry(now);
    expect(expiresAt.toISOString()).toBe("2026-03-24T08:00:00.000Z");
    expect(isInvitationExpired(expiresAt, new Date(expiresAt.getTime() - 1))).toBe(false);
    expect(isInvitationExpired(expiresAt, expiresAt)).toBe(true);
  });
});
