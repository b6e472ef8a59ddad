import { randomBytes } from "node:crypto";
import { verifyPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, memberships, sessions, users } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { joinOtherShop, seedMerchant, testPassword } from "@/test/fixtures";
import { listAudit, type Actor } from "@/server/audit/audit.service";
import { findUserByEmail, passwordHashOf } from "@/server/auth/user.service";
import { inviteMember } from "./invitation.service";
import { resetMemberPassword } from "./team.service";

const { db } = setupTestDatabase();

async function signedIn(userId: string) {
  await db.insert(sessions).values({
    token: randomBytes(16).toString("hex"),
    userId,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
}

const mustChange = async (userId: string) =>
  (await db.select({ must: users.mustChangePassword }).from(users).where(eq(users.id, userId)))[0]!
    .must;

const sessionCount = async (userId: string) =>
  (await db.select().from(sessions).where(eq(sessions.userId, userId))).length;

async function seeded(label: string) {
  const seed = await seedMerchant(db, label, { signedIn: false });
  const actor: Actor = { userId: seed.people.owner.id, ip: "203.0.113.7", userAgent: "vitest" };
  return { ...seed, actor };
}

describe(`team passwords (${engine})`, () => {
  it("a new member's first password is the owner's choice, to be changed at first sign-in", async () => {
    const { merchant, actor, people } = await seeded("New");
    const email = `new-${merchant.id}@test.example`;
    await inviteMember(db, actor, merchant.id, {
      email,
      name: "New Cashier",
      role: "staff",
      password: "handed-over-1",
    });
    const user = await findUserByEmail(db, email);
    expect(await mustChange(user!.id)).toBe(true);
    // Inviting a person who already has an account leaves their password and flag alone.
    const other = await seeded("Other");
    const hashBefore = await passwordHashOf(db, people.staff.id);
    await inviteMember(db, other.actor, other.merchant.id, {
      email: people.staff.email,
      name: "Someone",
      password: "pass-word-1",
      role: "staff",
    });
    expect(await mustChange(people.staff.id)).toBe(false);
    expect(await passwordHashOf(db, people.staff.id)).toBe(hashBefore);
  });

  it("the owner resets a member's password: temporary, must change, signed out everywhere, audited", async () => {
    const { merchant, actor, people } = await seeded("Reset");
    await signedIn(people.staff.id);
    await signedIn(people.staff.id);

    const result = await resetMemberPassword(db, actor, merchant.id, {
      membershipId: people.staff.membershipId,
      temporaryPassword: "temporary-77",
    });

    expect(result).toEqual({ signedOutSessions: 2 });
    expect(await sessionCount(people.staff.id)).toBe(0);
    expect(await mustChange(people.staff.id)).toBe(true);
    const hash = await passwordHashOf(db, people.staff.id);
    expect(await verifyPassword({ hash: hash!, password: "temporary-77" })).toBe(true);
    const [entry] = await listAudit(db, merchant.id, { entityType: "membership" });
    expect(entry).toMatchObject({
      action: "team.member.password_reset",
      actorUserId: people.owner.id,
      entityId: people.staff.membershipId,
      after: { email: people.staff.email, signedOutSessions: 2 },
    });
    const everything = JSON.stringify(await db.select().from(auditLog));
    expect(everything).not.toContain("temporary-77");
    expect(everything).not.toContain(hash!);
  });

  it("never resets an owner's password, nor one's own, nor another shop's member", async () => {
    const { merchant, actor, people } = await seeded("Rules");
    const coOwner = await seeded("CoOwner");
    // A second owner of this shop.
    const [m] = await db
      .insert(memberships)
      .values({ userId: coOwner.people.analyst.id, merchantId: merchant.id, role: "owner" })
      .returning({ id: memberships.id });
    const attempt = (membershipId: string) =>
      resetMemberPassword(db, actor, merchant.id, {
        membershipId,
        temporaryPassword: "temporary-77",
      });

    await expectDomainError(attempt(m!.id), "FORBIDDEN", "resetOwnerPassword");
    await expectDomainError(
      attempt(people.owner.membershipId),
      "INVALID_STATE",
      "resetOwnPassword",
    );
    await expectDomainError(
      attempt(coOwner.people.staff.membershipId),
      "NOT_FOUND",
      "memberNotFound",
    );
    expect(
      await passwordHashOf(db, coOwner.people.staff.id).then((h) =>
        verifyPassword({ hash: h!, password: testPassword }),
      ),
    ).toBe(true);
  });

  it("refuses a member who also works for another shop: that shop's owner has not agreed", async () => {
    const a = await seeded("ShopA");
    const b = await seeded("ShopB");
    await joinOtherShop(
      db,
      { merchantId: b.merchant.id, ownerId: b.people.owner.id },
      a.people.manager,
    );
    await signedIn(a.people.manager.id);
    await expectDomainError(
      resetMemberPassword(db, a.actor, a.merchant.id, {
        membershipId: a.people.manager.membershipId,
        temporaryPassword: "temporary-77",
      }),
      "FORBIDDEN",
      "resetMemberOfOtherShop",
    );
    expect(await sessionCount(a.people.manager.id)).toBe(1);
    expect(await mustChange(a.people.manager.id)).toBe(false);
  });
});
