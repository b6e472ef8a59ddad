import { verifyPassword } from "better-auth/crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invitations, memberships, users } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { seedMerchant, testPassword } from "@/test/fixtures";
import { changeOwnPassword } from "@/server/account/account.service";
import { listAudit, verifyAuditChain, type Actor } from "@/server/audit/audit.service";
import { findUserByEmail, passwordHashOf } from "@/server/auth/user.service";
import {
  acceptInvitation,
  declineInvitation,
  inviteMember,
  listMyInvitations,
  listPendingInvitations,
  withdrawInvitation,
  type Invitee,
} from "./invitation.service";
import { changeMemberRole, listMembers, removeMember } from "./team.service";

const { db } = setupTestDatabase();

async function seeded(label: string) {
  const seed = await seedMerchant(db, label);
  const actor: Actor = { userId: seed.people.owner.id, ip: "203.0.113.7", userAgent: "vitest" };
  return { ...seed, actor };
}

const inviteeOf = (person: { id: string; email: string }): Invitee => ({
  actor: { userId: person.id, ip: "198.51.100.4", userAgent: "vitest" },
  userId: person.id,
  email: person.email,
});

const offer = (email: string, role: "manager" | "staff" | "analyst" = "staff") => ({
  email,
  name: "Li Na",
  role,
  password: "handed-over-1",
});

async function isMember(userId: string, merchantId: string) {
  const rows = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.merchantId, merchantId)));
  return rows[0]?.role ?? null;
}

async function statusOf(invitationId: string) {
  const [row] = await db
    .select({ status: invitations.status, respondedAt: invitations.respondedAt })
    .from(invitations)
    .where(eq(invitations.id, invitationId));
  return row;
}

const day = 24 * 60 * 60_000;

describe(`invitations (${engine})`, () => {
  it("answers, lists and audits a new and an existing e-mail alike", async () => {
    const home = await seeded("Known");
    const { merchant, actor } = await seeded("Uniform");
    const newEmail = `new-${merchant.id}@test.example`;

    const existing = await inviteMember(db, actor, merchant.id, offer(home.people.staff.email));
    const created = await inviteMember(db, actor, merchant.id, offer(newEmail));

    expect(Object.keys(existing)).toEqual(Object.keys(created));
    const pending = await listPendingInvitations(db, merchant.id);
    expect(pending.map((p) => p.email).sort()).toEqual([home.people.staff.email, newEmail].sort());
    // Same fields, and the name the owner typed for both (not the account's own).
    expect(pending.map((p) => [Object.keys(p).sort(), p.name, p.role])).toEqual([
      [Object.keys(pending[0]!).sort(), "Li Na", "staff"],
      [Object.keys(pending[0]!).sort(), "Li Na", "staff"],
    ]);
    const audits = await listAudit(db, merchant.id);
    expect(audits.map((a) => [a.action, Object.keys(a.after as object).sort()])).toEqual([
      ["team.invitation.send", ["email", "expiresAt", "name", "role"]],
      ["team.invitation.send", ["email", "expiresAt", "name", "role"]],
    ]);
    // The team itself did not change either way.
    expect(await listMembers(db, merchant.id)).toHaveLength(4);
  });

  it("attaches an existing account only when its owner accepts, and leaves the account alone", async () => {
    const home = await seeded("Home");
    const { merchant, actor, people } = await seeded("Inviting");
    const person = home.people.manager;
    const hashBefore = await passwordHashOf(db, person.id);

    const { invitationId } = await inviteMember(db, actor, merchant.id, {
      ...offer(person.email.toUpperCase(), "analyst"),
      name: "Renamed",
      password: "takeover-pass-1",
    });

    expect(await isMember(person.id, merchant.id)).toBeNull();
    expect(await passwordHashOf(db, person.id)).toBe(hashBefore);
    expect(await verifyPassword({ hash: hashBefore!, password: testPassword })).toBe(true);
    expect((await findUserByEmail(db, person.email))?.name).toBe(person.name);

    const mine = await listMyInvitations(db, person);
    expect(mine).toEqual([
      expect.objectContaining({
        id: invitationId,
        merchantName: merchant.name,
        role: "analyst",
        invitedByName: people.owner.name,
        expired: false,
      }),
    ]);

    expect(await acceptInvitation(db, inviteeOf(person), invitationId)).toEqual({
      merchantId: merchant.id,
    });
    expect(await isMember(person.id, merchant.id)).toBe("analyst");
    // Their role at home is unchanged, and the invitation is no longer waiting.
    expect(await isMember(person.id, home.merchant.id)).toBe("manager");
    expect(await statusOf(invitationId)).toMatchObject({ status: "accepted" });
    expect(await listPendingInvitations(db, merchant.id)).toEqual([]);
    expect(await listMyInvitations(db, person)).toEqual([]);

    const [accepted] = await listAudit(db, merchant.id);
    expect(accepted).toMatchObject({
      action: "team.invitation.accept",
      entityType: "invitation",
      entityId: invitationId,
      actorUserId: person.id,
      after: { email: person.email, role: "analyst" },
    });
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
    // Nothing was written in the invitee's home shop.
    expect(await listAudit(db, home.merchant.id)).toEqual([]);
  });

  it("declining attaches nothing and is recorded with the invitee as actor", async () => {
    const home = await seeded("DeclineHome");
    const { merchant, actor } = await seeded("Declined");
    const person = home.people.staff;
    const { invitationId } = await inviteMember(db, actor, merchant.id, offer(person.email));

    await declineInvitation(db, inviteeOf(person), invitationId);

    expect(await isMember(person.id, merchant.id)).toBeNull();
    expect(await statusOf(invitationId)).toMatchObject({
      status: "declined",
      respondedAt: expect.any(Date),
    });
    expect(await listMyInvitations(db, person)).toEqual([]);
    const [declined] = await listAudit(db, merchant.id);
    expect(declined).toMatchObject({
      action: "team.invitation.decline",
      entityId: invitationId,
      actorUserId: person.id,
      before: { email: person.email, role: "staff" },
    });
    await expectDomainError(
      acceptInvitation(db, inviteeOf(person), invitationId),
      "INVALID_STATE",
      "invitationAnswered",
    );
    expect(await isMember(person.id, merchant.id)).toBeNull();
  });

  it("lets the owner withdraw; a withdrawn invitation cannot be accepted", async () => {
    const home = await seeded("WithdrawHome");
    const { merchant, actor } = await seeded("Withdraw");
    const person = home.people.analyst;
    const { invitationId } = await inviteMember(db, actor, merchant.id, offer(person.email));

    await withdrawInvitation(db, actor, merchant.id, invitationId);

    expect(await listPendingInvitations(db, merchant.id)).toEqual([]);
    const [withdrawn] = await listAudit(db, merchant.id);
    expect(withdrawn).toMatchObject({
      action: "team.invitation.withdraw",
      entityId: invitationId,
      actorUserId: actor.userId,
      before: { email: person.email, role: "staff" },
    });
    await expectDomainError(
      acceptInvitation(db, inviteeOf(person), invitationId),
      "INVALID_STATE",
      "invitationAnswered",
    );
    await expectDomainError(
      withdrawInvitation(db, actor, merchant.id, invitationId),
      "INVALID_STATE",
      "invitationAnswered",
    );
    expect(await isMember(person.id, merchant.id)).toBeNull();
  });

  it("refuses an expired invitation (it can still be declined), and inviting again renews it", async () => {
    const home = await seeded("ExpiredHome");
    const { merchant, actor } = await seeded("Expired");
    const person = home.people.staff;
    const sentAt = new Date(Date.now() - 20 * day);
    const { invitationId } = await inviteMember(
      db,
      actor,
      merchant.id,
      offer(person.email),
      sentAt,
    );
    expect((await listMyInvitations(db, person))[0]).toMatchObject({ expired: true });

    await expectDomainError(
      acceptInvitation(db, inviteeOf(person), invitationId),
      "INVALID_STATE",
      "invitationExpired",
    );
    expect(await isMember(person.id, merchant.id)).toBeNull();
    expect(await statusOf(invitationId)).toMatchObject({ status: "pending" });

    // Inviting again renews the same invitation (one pending per e-mail) with the new role.
    const renewed = await inviteMember(db, actor, merchant.id, offer(person.email, "manager"));
    expect(renewed.invitationId).toBe(invitationId);
    const [pending] = await listPendingInvitations(db, merchant.id);
    expect(pending).toMatchObject({ id: invitationId, role: "manager", expired: false });
    expect(pending!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * day);

    await acceptInvitation(db, inviteeOf(person), invitationId);
    expect(await isMember(person.id, merchant.id)).toBe("manager");
  });

  it("never lets someone else answer another person's invitation, even knowing its id", async () => {
    const home = await seeded("WrongHome");
    const { merchant, actor } = await seeded("Wrong");
    const person = home.people.staff;
    const intruder = home.people.manager;
    const { invitationId } = await inviteMember(db, actor, merchant.id, offer(person.email));

    expect(await listMyInvitations(db, intruder)).toEqual([]);
    for (const answer of [acceptInvitation, declineInvitation]) {
      await expectDomainError(
        answer(db, inviteeOf(intruder), invitationId),
        "NOT_FOUND",
        "invitationNotFound",
      );
    }
    // The right id with another person's e-mail claimed by the caller's own account id.
    await expectDomainError(
      acceptInvitation(db, { ...inviteeOf(intruder), email: `x${person.email}` }, invitationId),
      "NOT_FOUND",
      "invitationNotFound",
    );
    expect(await isMember(intruder.id, merchant.id)).toBeNull();
    expect(await statusOf(invitationId)).toMatchObject({ status: "pending" });
    expect((await listAudit(db, merchant.id)).map((a) => a.action)).toEqual([
      "team.invitation.send",
    ]);
  });

  it("keeps shops apart: another shop's owner cannot see or withdraw an invitation", async () => {
    const a = await seeded("TenantA");
    const b = await seeded("TenantB");
    const { invitationId } = await inviteMember(
      db,
      a.actor,
      a.merchant.id,
      offer(`hire-${a.merchant.id}@test.example`),
    );

    expect(await listPendingInvitations(db, b.merchant.id)).toEqual([]);
    await expectDomainError(
      withdrawInvitation(db, b.actor, b.merchant.id, invitationId),
      "NOT_FOUND",
      "invitationNotFound",
    );
    expect(await statusOf(invitationId)).toMatchObject({ status: "pending" });
    expect(await listAudit(db, b.merchant.id)).toEqual([]);
  });

  it("refuses a person who is already a member (CONFLICT) and records nothing", async () => {
    const { merchant, actor, people } = await seeded("Dup");
    await expectDomainError(
      inviteMember(db, actor, merchant.id, offer(people.staff.email, "manager")),
      "CONFLICT",
      "alreadyMember",
    );
    expect(await isMember(people.staff.id, merchant.id)).toBe("staff");
    expect(await listPendingInvitations(db, merchant.id)).toEqual([]);
    expect(await listAudit(db, merchant.id)).toEqual([]);
  });

  it("creates a new e-mail's account, which joins when it chooses its own password", async () => {
    const { merchant, actor } = await seeded("Created");
    const email = `new-${merchant.id}@test.example`;
    const { invitationId } = await inviteMember(db, actor, merchant.id, {
      ...offer(email),
      name: "  Lin Wei ",
    });

    const user = await findUserByEmail(db, email);
    expect(user).toMatchObject({ name: "Lin Wei" });
    const [flags] = await db
      .select({ mustChangePassword: users.mustChangePassword })
      .from(users)
      .where(eq(users.id, user!.id));
    expect(flags?.mustChangePassword).toBe(true);
    const hash = await passwordHashOf(db, user!.id);
    expect(await verifyPassword({ hash: hash!, password: "handed-over-1" })).toBe(true);
    expect(await isMember(user!.id, merchant.id)).toBeNull();

    await changeOwnPassword(
      db,
      { ...inviteeOf(user!), sessionId: null },
      { currentPassword: "handed-over-1", newPassword: "my-own-secret-42" },
    );

    expect(await isMember(user!.id, merchant.id)).toBe("staff");
    expect(await statusOf(invitationId)).toMatchObject({ status: "accepted" });
    const actions = (await listAudit(db, merchant.id)).map((a) => [a.action, a.actorUserId]);
    expect(actions).toEqual([
      ["account.password.change", user!.id],
      ["team.invitation.accept", user!.id],
      ["team.invitation.send", actor.userId],
    ]);
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  it("does not join an account it created through an expired or withdrawn invitation", async () => {
    const { merchant, actor } = await seeded("CreatedLate");
    const email = `late-${merchant.id}@test.example`;
    await inviteMember(db, actor, merchant.id, offer(email), new Date(Date.now() - 20 * day));
    const user = await findUserByEmail(db, email);

    await changeOwnPassword(
      db,
      { ...inviteeOf(user!), sessionId: null },
      { currentPassword: "handed-over-1", newPassword: "my-own-secret-42" },
    );

    expect(await isMember(user!.id, merchant.id)).toBeNull();
    expect((await listMyInvitations(db, user!))[0]).toMatchObject({ expired: true });
  });

  // Only owners invite: an owner let go (or made a manager) must not leave behind offers that
  // still let someone of their choosing in, as an owner perhaps, after they lost the right.
  it("withdraws the invitations of an owner who is removed or demoted, and only theirs", async () => {
    const home = await seeded("Outsiders");
    const { merchant, actor, people } = await seeded("CoOwners");
    const coOwner: Actor = { userId: people.manager.id, ip: "203.0.113.9", userAgent: "vitest" };
    await changeMemberRole(db, actor, merchant.id, people.manager.membershipId, "owner");
    const theirs = await inviteMember(db, coOwner, merchant.id, {
      ...offer(home.people.staff.email),
      role: "owner",
    });
    const mine = await inviteMember(db, actor, merchant.id, offer(home.people.analyst.email));

    await removeMember(db, actor, merchant.id, people.manager.membershipId);

    expect((await statusOf(theirs.invitationId))?.status).toBe("withdrawn");
    expect((await statusOf(mine.invitationId))?.status).toBe("pending");
    await expectDomainError(
      acceptInvitation(db, inviteeOf(home.people.staff), theirs.invitationId),
      "INVALID_STATE",
      "invitationAnswered",
    );
    expect(await isMember(home.people.staff.id, merchant.id)).toBeNull();
    const [latest] = await listAudit(db, merchant.id);
    expect(latest).toMatchObject({
      action: "team.invitation.withdraw",
      entityId: theirs.invitationId,
    });
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();

    // Demoted rather than removed: the same.
    const again = await seeded("Demoted");
    const second: Actor = {
      userId: again.people.manager.id,
      ip: "203.0.113.9",
      userAgent: "vitest",
    };
    await changeMemberRole(
      db,
      again.actor,
      again.merchant.id,
      again.people.manager.membershipId,
      "owner",
    );
    const offered = await inviteMember(
      db,
      second,
      again.merchant.id,
      offer(home.people.staff.email),
    );
    await changeMemberRole(
      db,
      again.actor,
      again.merchant.id,
      again.people.manager.membershipId,
      "manager",
    );
    expect((await statusOf(offered.invitationId))?.status).toBe("withdrawn");
  });
});
