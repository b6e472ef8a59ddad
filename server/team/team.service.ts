import { and, asc, eq, sql } from "drizzle-orm";
import { memberships, users } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import type { Role } from "@/server/auth/roles.logic";
import { createUserWithPassword, findUserByEmail } from "@/server/auth/user.service";
import { DomainError } from "@/server/errors";
import type { AddMemberInput } from "./team.schema";

export async function listMembers(db: DbOrTx, merchantId: string) {
  return db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
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

/** Adds an existing account to the merchant, or creates the account when the e-mail is new. */
export async function addMember(db: Db, actor: Actor, merchantId: string, input: AddMemberInput) {
  return db.transaction(async (tx) => {
    let user = await findUserByEmail(tx, input.email);
    if (!user) {
      if (!input.password || !input.name) {
        throw new DomainError(
          "VALIDATION",
          "newMemberNeedsNameAndPassword",
          "A new member needs a name and a password",
        );
      }
      user = await createUserWithPassword(tx, {
        email: input.email,
        name: input.name,
        password: input.password,
      });
    }
    const [membership] = await tx
      .insert(memberships)
      .values({ userId: user.id, merchantId, role: input.role })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    if (!membership)
      throw new DomainError("CONFLICT", "alreadyMember", "This person is already a member");
    await recordAudit(tx, actor, {
      merchantId,
      action: "team.member.add",
      entityType: "membership",
      entityId: membership.id,
      after: { email: user.email, role: input.role },
    });
    return { membershipId: membership.id, userId: user.id };
  });
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
    .select({ id: memberships.id, role: memberships.role, email: users.email })
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
  });
}
