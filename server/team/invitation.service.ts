import { hashPassword } from "better-auth/crypto";
import { and, asc, desc, eq, gt, sql, type SQL } from "drizzle-orm";
import { invitations, memberships, merchants, users } from "@/db/schema";
import { one } from "@/db/one";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { createUserWithPassword, findUserByEmail } from "@/server/auth/user.service";
import { DomainError } from "@/server/errors";
import {
  invitationExpiry,
  isInvitationExpired,
  nextInvitationStatus,
  type InvitationEvent,
} from "./invitation-state.logic";
import type { AddMemberInput } from "./team.schema";

/**
 * The signed-in person answering an invitation: matched by their own e-mail, so knowing an
 * invitation's id is never enough to take someone else's place in a shop.
 */
export interface Invitee {
  actor: Actor;
  userId: string;
  email: string;
}

/**
 * The owner's "Add member": a pending invitation, renewed if one is already waiting (new role,
 * name and fourteen days). A new e-mail also gets its account, with the owner's first password
 * to replace at first sign-in, which accepts the invitation. An existing account is not
 * touched: its owner accepts or declines after signing in. The answer, the audit row and the
 * team page are the same either way, so the dialog cannot be used to learn who has an account.
 */
export async function inviteMember(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: AddMemberInput,
  now = new Date(),
) {
  const email = input.email.trim().toLowerCase();
  // Hashed for every e-mail, used only for a new one: the answer takes as long either way.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    let user = await findUserByEmail(tx, email);
    let createdUserId: string | null = null;
    if (user) {
      const [member] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.userId, user.id), eq(memberships.merchantId, merchantId)));
      if (member) {
        throw new DomainError("CONFLICT", "alreadyMember", "This person is already a member");
      }
    } else {
      user = await createUserWithPassword(tx, {
        email,
        name: input.name,
        password: { hash: passwordHash },
        // The owner chose it and knows it: the new member replaces it at first sign-in.
        mustChangePassword: true,
      });
      createdUserId = user.id;
    }
    const values = {
      merchantId,
      email,
      name: input.name,
      role: input.role,
      invitedBy: actor.userId,
      createdAt: now,
      expiresAt: invitationExpiry(now),
    };
    const invitation = one(
      await tx
        .insert(invitations)
        .values({ ...values, createdUserId })
        .onConflictDoUpdate({
          target: [invitations.merchantId, invitations.email],
          targetWhere: sql`${invitations.status} = 'pending'`,
          set: {
            ...values,
            // An account the earlier invitation created still joins by choosing its password.
            createdUserId: sql`coalesce(excluded.created_user_id, ${invitations.createdUserId})`,
          },
        })
        .returning({ id: invitations.id }),
      "invitation",
    );
    await recordAudit(tx, actor, {
      merchantId,
      action: "team.invitation.send",
      entityType: "invitation",
      entityId: invitation.id,
      after: { email, name: input.name, role: input.role, expiresAt: values.expiresAt },
    });
    return { invitationId: invitation.id };
  });
}

/** The shop's invitations waiting for an answer (expired ones too, to withdraw or renew). */
export async function listPendingInvitations(db: DbOrTx, merchantId: string, now = new Date()) {
  const rows = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      name: invitations.name,
      role: invitations.role,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(and(eq(invitations.merchantId, merchantId), eq(invitations.status, "pending")))
    .orderBy(desc(invitations.createdAt), asc(invitations.id));
  return rows.map((r) => ({ ...r, expired: isInvitationExpired(r.expiresAt, now) }));
}

/** Locks the invitation and applies one event of its state machine, or says why not. */
async function transition(tx: Tx, where: SQL | undefined, event: InvitationEvent, now: Date) {
  const [row] = await tx
    .select({
      id: invitations.id,
      merchantId: invitations.merchantId,
      email: invitations.email,
      role: invitations.role,
      status: invitations.status,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(where)
    .for("update");
  if (!row) throw new DomainError("NOT_FOUND", "invitationNotFound", "Invitation not found");
  const verdict = nextInvitationStatus(row, event, now);
  if (!verdict.ok) {
    throw verdict.reason === "expired"
      ? new DomainError("INVALID_STATE", "invitationExpired", "This invitation has expired")
      : new DomainError("INVALID_STATE", "invitationAnswered", "This invitation was answered");
  }
  await tx
    .update(invitations)
    .set({ status: verdict.status, respondedAt: now })
    .where(eq(invitations.id, row.id));
  return row;
}

/** An owner takes back an invitation not answered yet; an account it created stays, unattached. */
export async function withdrawInvitation(
  db: Db,
  actor: Actor,
  merchantId: string,
  invitationId: string,
  now = new Date(),
) {
  return db.transaction((tx) =>
    withdrawOne(
      tx,
      actor,
      merchantId,
      and(eq(invitations.id, invitationId), eq(invitations.merchantId, merchantId)),
      now,
    ),
  );
}

/** Withdraws the invitation `where` picks and logs it, in the caller's transaction. */
async function withdrawOne(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  where: SQL | undefined,
  now: Date,
) {
  const row = await transition(tx, where, "withdraw", now);
  await recordAudit(tx, actor, {
    merchantId,
    action: "team.invitation.withdraw",
    entityType: "invitation",
    entityId: row.id,
    before: { email: row.email, role: row.role },
  });
}

/**
 * The invitations an owner sent that still wait, withdrawn when that owner is removed or no
 * longer an owner (only owners invite): an offer outlives the right to make it otherwise, and
 * could still let in whom they chose, as an owner too. Part of the removal's transaction; the
 * log names the owner who made the change.
 */
export async function withdrawInvitationsSentBy(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  inviterId: string,
  now = new Date(),
) {
  const pending = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.merchantId, merchantId),
        eq(invitations.invitedBy, inviterId),
        eq(invitations.status, "pending"),
      ),
    )
    .orderBy(asc(invitations.id));
  for (const { id } of pending) {
    await withdrawOne(tx, actor, merchantId, eq(invitations.id, id), now);
  }
}

/** The invitations waiting for the signed-in person, with the shop each comes from. */
export async function listMyInvitations(
  db: DbOrTx,
  invitee: Pick<Invitee, "email">,
  now = new Date(),
) {
  const inviter = sql<
    string | null
  >`(select ${users.name} from ${users} where ${users.id} = ${invitations.invitedBy})`;
  const rows = await db
    .select({
      id: invitations.id,
      merchantName: merchants.name,
      role: invitations.role,
      invitedByName: inviter,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(merchants, eq(merchants.id, invitations.merchantId))
    .where(
      and(
        eq(invitations.email, invitee.email.trim().toLowerCase()),
        eq(invitations.status, "pending"),
      ),
    )
    .orderBy(desc(invitations.createdAt), asc(invitations.id));
  return rows.map((r) => ({ ...r, expired: isInvitationExpired(r.expiresAt, now) }));
}

const mine = (invitee: Invitee, invitationId: string) =>
  and(eq(invitations.id, invitationId), eq(invitations.email, invitee.email.trim().toLowerCase()));

type Locked = Awaited<ReturnType<typeof transition>>;

/** Joins the shop on the invitee's own say-so; already a member (another way in): nothing more. */
async function join(tx: Tx, invitee: Invitee, row: Locked) {
  const { role } = row;
  const [membership] = await tx
    .insert(memberships)
    .values({ userId: invitee.userId, merchantId: row.merchantId, role })
    .onConflictDoNothing()
    .returning({ id: memberships.id });
  await recordAudit(tx, invitee.actor, {
    merchantId: row.merchantId,
    action: "team.invitation.accept",
    entityType: "invitation",
    entityId: row.id,
    after: { email: row.email, role, membershipId: membership?.id ?? null },
  });
}

/** The invitee says yes: they become a member with the role offered. */
export async function acceptInvitation(
  db: Db,
  invitee: Invitee,
  invitationId: string,
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const row = await transition(tx, mine(invitee, invitationId), "accept", now);
    await join(tx, invitee, row);
    return { merchantId: row.merchantId };
  });
}

/** The invitee says no: nothing is attached, and the shop's log says who declined. */
export async function declineInvitation(
  db: Db,
  invitee: Invitee,
  invitationId: string,
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const row = await transition(tx, mine(invitee, invitationId), "decline", now);
    await recordAudit(tx, invitee.actor, {
      merchantId: row.merchantId,
      action: "team.invitation.decline",
      entityType: "invitation",
      entityId: row.id,
      before: { email: row.email, role: row.role },
    });
  });
}

/**
 * An account an invitation created joins that shop when it chooses its own password (the
 * first sign-in): the invitation was made for it, and until then the owner knew the password.
 * Part of the password change's transaction. Expired invitations wait for a renewal.
 */
export async function acceptInvitationsOfCreatedAccount(
  tx: Tx,
  invitee: Invitee,
  now = new Date(),
) {
  const pending = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.createdUserId, invitee.userId),
        eq(invitations.email, invitee.email.trim().toLowerCase()),
        eq(invitations.status, "pending"),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(asc(invitations.createdAt));
  const joined: string[] = [];
  for (const { id } of pending) {
    const row = await transition(tx, eq(invitations.id, id), "accept", now);
    await join(tx, invitee, row);
    joined.push(row.merchantId);
  }
  return joined;
}
