import { hashPassword, verifyPassword } from "better-auth/crypto";
import { and, desc, eq, gt, ne } from "drizzle-orm";
import { sessions } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor, type AuditEntry } from "@/server/audit/audit.service";
import {
  clearSignInFailures,
  releaseSignInAttempt,
  reserveSignInAttempt,
} from "@/server/auth/sign-in-throttle.service";
import { passwordHashOf, storePassword } from "@/server/auth/user.service";
import { DomainError } from "@/server/errors";
import { acceptInvitationsOfCreatedAccount } from "@/server/team/invitation.service";
import { listUserMemberships } from "@/server/team/membership.service";
import type { ChangePasswordInput } from "./account.schema";
import { describeUserAgent } from "./user-agent.logic";

/** The signed-in person acting on their own account, and the session they act from. */
export interface Self {
  actor: Actor;
  userId: string;
  email: string;
  /** Null only when the caller has no session of its own (scripts); then none is kept. */
  sessionId: string | null;
}

/** Every shop the person works for keeps the record of their sign-in changes. */
export async function auditSelf(tx: Tx, self: Self, entry: Omit<AuditEntry, "merchantId">) {
  const shops = await listUserMemberships(tx, self.userId);
  const merchantIds = shops.length > 0 ? shops.map((m) => m.merchantId) : [null];
  for (const merchantId of merchantIds) await recordAudit(tx, self.actor, { ...entry, merchantId });
}

const otherSessionsOf = (self: Self) =>
  and(
    eq(sessions.userId, self.userId),
    self.sessionId ? ne(sessions.id, self.sessionId) : undefined,
  );

/**
 * Runs `check` as one sign-in attempt of the person: counted before the check, like a sign-in
 * (sign-in-throttle.service.ts), so parallel guesses cannot all be tried, and released only
 * when `check` answers true; a wrong answer keeps the attempt counted. A borrowed session thus
 * cannot be used to guess the password (or a code) faster than the sign-in page allows.
 */
export async function throttledProof(
  db: Db,
  self: Self,
  check: () => Promise<boolean>,
  wrong: DomainError,
) {
  const subject = { email: self.email, ip: self.actor.ip };
  const wait = await reserveSignInAttempt(db, subject);
  if (wait > 0) {
    throw new DomainError("RATE_LIMITED", "tooManyPasswordAttempts", "Too many wrong passwords", {
      minutes: Math.max(1, Math.ceil(wait / 60)),
    });
  }
  let right: boolean;
  try {
    right = await check();
  } catch (err) {
    // Not an answer (no password on the account, a broken secret): not a guess either.
    await releaseSignInAttempt(db, subject);
    throw err;
  }
  if (!right) throw wrong;
  await releaseSignInAttempt(db, subject);
}

/** Checks one's own password against the credential account's hash, throttled. */
export async function proveOwnPassword(db: Db, self: Self, password: string) {
  await throttledProof(
    db,
    self,
    async () => {
      const hash = await passwordHashOf(db, self.userId);
      if (!hash) {
        throw new DomainError("INVALID_STATE", "noPasswordAccount", "This account has no password");
      }
      return verifyPassword({ hash, password });
    },
    new DomainError("VALIDATION", "wrongCurrentPassword", "The current password is wrong"),
  );
}

/**
 * Changes one's own password: the current one is required (and wrong guesses count against
 * the sign-in throttle, so a borrowed session cannot be used to find it). Every other session
 * of the person is signed out; this one stays. Clears "must change password", and an account
 * an owner's invitation created joins that shop now that it has a password of its own.
 */
export async function changeOwnPassword(db: Db, self: Self, input: ChangePasswordInput) {
  await proveOwnPassword(db, self, input.currentPassword);
  if (input.newPassword === input.currentPassword) {
    throw new DomainError(
      "VALIDATION",
      "samePassword",
      "The new password must differ from the current one",
    );
  }
  const newHash = await hashPassword(input.newPassword);
  const signedOut = await db.transaction(async (tx) => {
    await storePassword(tx, self.userId, newHash, false);
    await acceptInvitationsOfCreatedAccount(tx, self);
    const removed = await tx
      .delete(sessions)
      .where(otherSessionsOf(self))
      .returning({ id: sessions.id });
    // Never the password itself, nor its hash.
    await auditSelf(tx, self, {
      action: "account.password.change",
      entityType: "user",
      entityId: self.userId,
      after: { signedOutSessions: removed.length },
    });
    return removed.length;
  });
  await clearSignInFailures(db, { email: self.email, ip: self.actor.ip });
  return { signedOutSessions: signedOut };
}

/** One's signed-in devices, most recently active first; tokens never leave the server. */
export async function listOwnSessions(db: DbOrTx, self: Pick<Self, "userId" | "sessionId">) {
  const rows = await db
    .select({
      id: sessions.id,
      ipAddress: sessions.ipAddress,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      updatedAt: sessions.updatedAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, self.userId), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.updatedAt));
  return rows.map((r) => ({
    id: r.id,
    ...describeUserAgent(r.userAgent),
    ipAddress: r.ipAddress,
    signedInAt: r.createdAt,
    // better-auth moves updatedAt when it extends the session, so this is "active since about".
    lastActiveAt: r.updatedAt,
    isCurrent: r.id === self.sessionId,
  }));
}

/** Signs out one of one's own other devices. This device signs out with "Sign out". */
export async function revokeOwnSession(db: Db, self: Self, sessionId: string) {
  if (sessionId === self.sessionId) {
    throw new DomainError(
      "INVALID_STATE",
      "revokeCurrentSession",
      "Use Sign out to end this device's session",
    );
  }
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, self.userId)))
      .returning({ ipAddress: sessions.ipAddress, userAgent: sessions.userAgent });
    if (!removed) throw new DomainError("NOT_FOUND", "sessionNotFound", "Session not found");
    await auditSelf(tx, self, {
      action: "account.session.revoke",
      entityType: "session",
      entityId: sessionId,
      before: { ...describeUserAgent(removed.userAgent), ipAddress: removed.ipAddress },
    });
  });
}

/** "Sign out everywhere else": every session of the person but this one. */
export async function revokeOtherOwnSessions(db: Db, self: Self) {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(sessions)
      .where(otherSessionsOf(self))
      .returning({ id: sessions.id });
    await auditSelf(tx, self, {
      action: "account.session.revoke_others",
      entityType: "user",
      entityId: self.userId,
      after: { signedOutSessions: removed.length },
    });
    return { signedOutSessions: removed.length };
  });
}

/** What the auth library's endpoints do to an account, recorded in the audit log. */
export type AccountEvent =
  | "account.two_factor.enable"
  | "account.two_factor.backup_codes"
  | "account.two_factor.disable"
  | "account.sign_in"
  | "account.sign_out"
  /** Wrong passwords reached the limit: further sign-ins are refused for a while. */
  | "account.sign_in.locked";

/**
 * Records what the auth library did to an account (never a secret, a code or a password):
 * sign-in and sign-out, second-factor changes, a burst of wrong passwords.
 */
export async function recordAccountEvent(
  db: Db,
  self: Self,
  action: AccountEvent,
  after?: Record<string, unknown>,
) {
  await db.transaction((tx) =>
    auditSelf(tx, self, { action, entityType: "user", entityId: self.userId, after }),
  );
}
