import { hashPassword } from "better-auth/crypto";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { memberships, sessions, twoFactors, users } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { canAccess, type Role } from "@/server/auth/roles.logic";
import { storePassword } from "@/server/auth/user.service";
import { env } from "@/env";
import { refuseForSharedDemoAccount } from "@/server/demo/shared-demo-accounts";
import { DomainError } from "@/server/errors";
import { withdrawInvitationsSentBy } from "./invitation.service";
import type { RenameMemberInput, ResetPasswordInput } from "./team.schema";

export async function listMembers(db: DbOrTx, merchantId: string) {
  return db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      mustChangePassword: users.mustChangePassword,
      twoFactorEnabled: users.twoFactorEnabled,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.merchantId, merchantId))
    .orderBy(
      sql`case ${memberships.role} when 'owner' then 0 when 'manager' then 1 when 'staff' then 2 else 3 end`,
      asc(users.name),
    );
}

/**
 * Locks the membership and every owner row of the merchant, so that two owners
 * demoting or removing each other at the same moment cannot leave the merchant ownerless.
 */
async function lockForChange(tx: Tx, merchantId: string, membershipId: string) {
  const owners = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.merchantId, merchantId), eq(memberships.role, "owner")))
    .orderBy(asc(memberships.id))
    .for("update");
  const [target] = await tx
    .select({
      id: memberships.id,
      userId: memberships.userId,
      role: memberships.role,
      email: users.email,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.id, membershipId), eq(memberships.merchantId, merchantId)))
    .for("update", { of: memberships });
  if (!target) throw new DomainError("NOT_FOUND", "memberNotFound", "Member not found");
  return { target, ownerCount: owners.length };
}

export async function changeMemberRole(
  db: Db,
  actor: Actor,
  merchantId: string,
  membershipId: string,
  role: Role,
) {
  return db.transaction(async (tx) => {
    const { target, ownerCount } = await lockForChange(tx, merchantId, membershipId);
    if (target.role === role) return;
    if (target.role === "owner" && ownerCount <= 1) {
      throw new DomainError(
        "INVALID_STATE",
        "lastOwner",
        "The merchant must keep at least one owner",
      );
    }
    await tx.update(memberships).set({ role }).where(eq(memberships.id, membershipId));
    await recordAudit(tx, actor, {
      merchantId,
      action: "team.member.role_change",
      entityType: "membership",
      entityId: membershipId,
      before: { email: target.email, role: target.role },
      after: { email: target.email, role },
    });
    if (!canAccess(role, "team")) {
      await withdrawInvitationsSentBy(tx, actor, merchantId, target.userId);
    }
  });
}

export async function removeMember(db: Db, actor: Actor, merchantId: string, membershipId: string) {
  return db.transaction(async (tx) => {
    const { target, ownerCount } = await lockForChange(tx, merchantId, membershipId);
    if (target.role === "owner" && ownerCount <= 1) {
      throw new DomainError(
        "INVALID_STATE",
        "lastOwner",
        "The merchant must keep at least one owner",
      );
    }
    await tx.delete(memberships).where(eq(memberships.id, membershipId));
    await recordAudit(tx, actor, {
      merchantId,
      action: "team.member.remove",
      entityType: "membership",
      entityId: membershipId,
      before: { email: target.email, role: target.role },
    });
    await withdrawInvitationsSentBy(tx, actor, merchantId, target.userId);
  });
}

type Refusal = [messageKey: string, message: string];

/**
 * The member an owner recovers (a forgotten password, a lost authenticator), locked: never
 * oneself (the account page does that), never an owner (their backup codes are their way
 * back), never someone who also works for another shop, whose sign-in is not this owner's.
 */
async function memberToRecover(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  membershipId: string,
  refusals: { self: Refusal; owner: Refusal; elsewhere: Refusal },
) {
  const [target] = await tx
    .select({ userId: memberships.userId, role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.id, membershipId), eq(memberships.merchantId, merchantId)))
    .for("update", { of: memberships });
  if (!target) throw new DomainError("NOT_FOUND", "memberNotFound", "Member not found");
  if (target.userId === actor.userId) throw new DomainError("INVALID_STATE", ...refusals.self);
  if (target.role === "owner") throw new DomainError("FORBIDDEN", ...refusals.owner);
  if (await worksElsewhere(tx, target.userId, merchantId)) {
    throw new DomainError("FORBIDDEN", ...refusals.elsewhere);
  }
  return target;
}

/**
 * Whether the person also works for another shop: their account (sign-in, name) is then not
 * this shop's alone to change.
 */
async function worksElsewhere(tx: Tx, userId: string, merchantId: string) {
  const [elsewhere] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), ne(memberships.merchantId, merchantId)))
    .limit(1);
  return elsewhere !== undefined;
}

/**
 * The owner sets a temporary password for a member who forgot theirs; the member is signed
 * out everywhere and must choose their own at the next sign-in. Only for a member of this
 * shop and of no other (another shop's owner has not agreed to it), who is not an owner
 * (an owner's account controls the shop: co-owners cannot take over each other's), and
 * never one's own (that is the account page, with the current password).
 */
export async function resetMemberPassword(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: ResetPasswordInput,
) {
  const passwordHash = await hashPassword(input.temporaryPassword);
  return db.transaction(async (tx) => {
    const target = await memberToRecover(tx, actor, merchantId, input.membershipId, {
      self: ["resetOwnPassword", "Change your own password on your account page"],
      owner: ["resetOwnerPassword", "An owner's password can only be changed by that owner"],
      elsewhere: [
        "resetMemberOfOtherShop",
        "This person also works for another shop; only they can change their password",
      ],
    });
    refuseForSharedDemoAccount(target.email, env.demo);
    await storePassword(tx, target.userId, passwordHash, true);
    const removed = await tx
      .delete(sessions)
      .where(eq(sessions.userId, target.userId))
      .returning({ id: sessions.id });
    // Never the password itself, nor its hash.
    await recordAudit(tx, actor, {
      merchantId,
      action: "team.member.password_reset",
      entityType: "membership",
      entityId: input.membershipId,
      after: { email: target.email, signedOutSessions: removed.length },
    });
    return { signedOutSessions: removed.length };
  });
}

/**
 * The owner's recovery of a member who lost their authenticator and backup codes: the second
 * factor is removed and the member signed out everywhere. They sign in with their password
 * and, where the shop asks their role for one, set up a new authenticator at once.
 */
export async function resetMemberTwoFactor(
  db: Db,
  actor: Actor,
  merchantId: string,
  membershipId: string,
) {
  return db.transaction(async (tx) => {
    const target = await memberToRecover(tx, actor, merchantId, membershipId, {
      self: ["resetOwnTwoFactor", "Turn your own two-factor sign-in off on your account page"],
      owner: ["resetOwnerTwoFactor", "An owner recovers with their own backup codes"],
      elsewhere: [
        "resetTwoFactorOtherShop",
        "This person also works for another shop; only they can change their sign-in",
      ],
    });
    refuseForSharedDemoAccount(target.email, env.demo);
    const [user] = await tx
      .update(users)
      .set({ twoFactorEnabled: false, updatedAt: new Date() })
      .where(and(eq(users.id, target.userId), eq(users.twoFactorEnabled, true)))
      .returning({ id: users.id });
    await tx.delete(twoFactors).where(eq(twoFactors.userId, target.userId));
    if (!user) {
      throw new DomainError("INVALID_STATE", "twoFactorNotSet", "This person has no second factor");
    }
    const removed = await tx
      .delete(sessions)
      .where(eq(sessions.userId, target.userId))
      .returning({ id: sessions.id });
    await recordAudit(tx, actor, {
      merchantId,
      action: "team.member.two_factor_reset",
      entityType: "membership",
      entityId: membershipId,
      after: { email: target.email, signedOutSessions: removed.length },
    });
    return { signedOutSessions: removed.length };
  });
}

/**
 * The owner corrects a member's name (people cannot rename themselves: a cashier could take
 * the owner's name, and logs show names). Only for a member of this shop and of no other,
 * whose logs would change without their owner's say, unless it is the owner's own name.
 */
export async function renameMember(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: RenameMemberInput,
) {
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({ userId: memberships.userId, email: users.email, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.id, input.membershipId), eq(memberships.merchantId, merchantId)))
      .for("update");
    if (!target) throw new DomainError("NOT_FOUND", "memberNotFound", "Member not found");
    if (target.name === input.name) return;
    if (target.userId !== actor.userId && (await worksElsewhere(tx, target.userId, merchantId))) {
      throw new DomainError(
        "FORBIDDEN",
        "renameMemberOfOtherShop",
        "This person also works for another shop; their name cannot be changed here",
      );
    }
    await tx
      .update(users)
      .set({ name: input.name, updatedAt: new Date() })
      .where(eq(users.id, target.userId));
    await recordAudit(tx, actor, {
      merchantId,
      action: "team.member.rename",
      entityType: "membership",
      entityId: input.membershipId,
      before: { email: target.email, name: target.name },
      after: { email: target.email, name: input.name },
    });
  });
}
