import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { joinOtherShop, seedMerchant } from "@/test/fixtures";
import { listAudit, verifyAuditChain, type Actor } from "@/server/audit/audit.service";
import { createUserWithPassword, findUserByEmail } from "@/server/auth/user.service";
import { changeMemberRole, listMembers, removeMember, renameMember } from "./team.service";

const { db } = setupTestDatabase();

async function seeded(label: string) {
  const seed = await seedMerchant(db, label);
  const actor: Actor = { userId: seed.people.owner.id, ip: "203.0.113.7", userAgent: "vitest" };
  return { ...seed, actor };
}

describe(`team service (${engine})`, () => {
  it("lists members owner first, then manager, staff, analyst, by name within a role", async () => {
    const { merchant, actor } = await seeded("List");
    const shop = { merchantId: merchant.id, ownerId: actor.userId! };
    for (const name of ["Zoe", "Adam"]) {
      const person = await createUserWithPassword(db, {
        email: `${name.toLowerCase()}-${merchant.id}@test.example`,
        name,
        password: "pass-word-1",
      });
      await joinOtherShop(db, shop, person);
    }

    const members = await listMembers(db, merchant.id);
    expect(members.map((m) => m.role)).toEqual([
      "owner",
      "manager",
      "staff",
      "staff",
      "staff",
      "analyst",
    ]);
    const staffNames = members.filter((m) => m.role === "staff").map((m) => m.name);
    expect(staffNames[0]).toBe("Adam");
    expect(staffNames.at(-1)).toMatch(/^staff /);
  });

  it("lists only the merchant's own members", async () => {
    const a = await seeded("OwnA");
    const b = await seeded("OwnB");
    const members = await listMembers(db, a.merchant.id);
    expect(members).toHaveLength(4);
    expect(members.map((m) => m.userId)).not.toContain(b.people.owner.id);
  });

  it("changes a role and records who changed it from what to what", async () => {
    const { merchant, actor, people } = await seeded("Role");
    await changeMemberRole(db, actor, merchant.id, people.staff.membershipId, "manager");

    expect(
      (await listMembers(db, merchant.id)).find((m) => m.membershipId === people.staff.membershipId)
        ?.role,
    ).toBe("manager");
    const [audit] = await listAudit(db, merchant.id);
    expect(audit).toMatchObject({
      action: "team.member.role_change",
      entityType: "membership",
      entityId: people.staff.membershipId,
      actorUserId: people.owner.id,
      before: { email: people.staff.email, role: "staff" },
      after: { email: people.staff.email, role: "manager" },
    });
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  it("renames a member, recording the e-mail with the old and new names", async () => {
    const { merchant, actor, people } = await seeded("Rename");
    await renameMember(db, actor, merchant.id, {
      membershipId: people.staff.membershipId,
      name: "Front desk Li",
    });
    expect(
      (await listMembers(db, merchant.id)).find((m) => m.membershipId === people.staff.membershipId)
        ?.name,
    ).toBe("Front desk Li");
    const [audit] = await listAudit(db, merchant.id);
    expect(audit).toMatchObject({
      action: "team.member.rename",
      entityId: people.staff.membershipId,
      actorUserId: people.owner.id,
      before: { email: people.staff.email, name: people.staff.name },
      after: { email: people.staff.email, name: "Front desk Li" },
    });
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  it("does not rename someone who also works for another shop, nor another shop's member", async () => {
    const a = await seeded("RenameA");
    const b = await seeded("RenameB");
    await joinOtherShop(
      db,
      { merchantId: b.merchant.id, ownerId: b.people.owner.id },
      a.people.staff,
    );
    await expectDomainError(
      renameMember(db, a.actor, a.merchant.id, {
        membershipId: a.people.staff.membershipId,
        name: "Owner",
      }),
      "FORBIDDEN",
      "renameMemberOfOtherShop",
    );
    await expectDomainError(
      renameMember(db, a.actor, a.merchant.id, {
        membershipId: b.people.analyst.membershipId,
        name: "Owner",
      }),
      "NOT_FOUND",
      "memberNotFound",
    );
    expect((await findUserByEmail(db, a.people.staff.email))?.name).toBe(a.people.staff.name);
    expect(await listAudit(db, a.merchant.id)).toEqual([]);
  });

  it("records nothing when the role does not change", async () => {
    const { merchant, actor, people } = await seeded("Same");
    await changeMemberRole(db, actor, merchant.id, people.analyst.membershipId, "analyst");
    expect(await listAudit(db, merchant.id)).toEqual([]);
  });

  it("removes a member and records it", async () => {
    const { merchant, actor, people } = await seeded("Remove");
    await removeMember(db, actor, merchant.id, people.analyst.membershipId);

    expect((await listMembers(db, merchant.id)).map((m) => m.userId)).not.toContain(
      people.analyst.id,
    );
    // The account stays: it may belong to other merchants.
    expect(await findUserByEmail(db, people.analyst.email)).not.toBeNull();
    const [audit] = await listAudit(db, merchant.id);
    expect(audit).toMatchObject({
      action: "team.member.remove",
      entityId: people.analyst.membershipId,
      before: { email: people.analyst.email, role: "analyst" },
      after: null,
    });
  });

  it("never demotes or removes the last owner (INVALID_STATE), and records nothing", async () => {
    const { merchant, actor, people } = await seeded("LastOwner");
    for (const role of ["manager", "staff", "analyst"] as const) {
      await expectDomainError(
        changeMemberRole(db, actor, merchant.id, people.owner.membershipId, role),
        "INVALID_STATE",
        "lastOwner",
      );
    }
    await expectDomainError(
      removeMember(db, actor, merchant.id, people.owner.membershipId),
      "INVALID_STATE",
      "lastOwner",
    );

    expect(
      (await listMembers(db, merchant.id)).filter((m) => m.role === "owner").map((m) => m.userId),
    ).toEqual([people.owner.id]);
    expect(await listAudit(db, merchant.id)).toEqual([]);
  });

  it("with two owners lets one go, then protects the one left", async () => {
    const { merchant, actor, people } = await seeded("TwoOwners");
    await changeMemberRole(db, actor, merchant.id, people.manager.membershipId, "owner");
    await removeMember(db, actor, merchant.id, people.owner.membershipId);

    const owners = (await listMembers(db, merchant.id)).filter((m) => m.role === "owner");
    expect(owners.map((m) => m.userId)).toEqual([people.manager.id]);
    await expectDomainError(
      removeMember(db, actor, merchant.id, people.manager.membershipId),
      "INVALID_STATE",
      "lastOwner",
    );
    await expectDomainError(
      changeMemberRole(db, actor, merchant.id, people.manager.membershipId, "staff"),
      "INVALID_STATE",
      "lastOwner",
    );
  });

  it("with two owners lets one be demoted", async () => {
    const { merchant, actor, people } = await seeded("Demote");
    await changeMemberRole(db, actor, merchant.id, people.manager.membershipId, "owner");
    await changeMemberRole(db, actor, merchant.id, people.owner.membershipId, "manager");
    const owners = (await listMembers(db, merchant.id)).filter((m) => m.role === "owner");
    expect(owners.map((m) => m.userId)).toEqual([people.manager.id]);
  });

  it("keeps one owner when two owners demote each other at the same moment", async () => {
    const { merchant, actor, people } = await seeded("Race");
    await changeMemberRole(db, actor, merchant.id, people.manager.membershipId, "owner");
    const results = await Promise.allSettled([
      changeMemberRole(db, actor, merchant.id, people.owner.membershipId, "manager"),
      changeMemberRole(db, actor, merchant.id, people.manager.membershipId, "manager"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.reason).toMatchObject({ code: "INVALID_STATE", messageKey: "lastOwner" });
    expect((await listMembers(db, merchant.id)).filter((m) => m.role === "owner")).toHaveLength(1);
  });

  it("keeps one owner when two owners remove each other at the same moment", async () => {
    const { merchant, actor, people } = await seeded("RaceRemove");
    await changeMemberRole(db, actor, merchant.id, people.manager.membershipId, "owner");
    const results = await Promise.allSettled([
      removeMember(db, actor, merchant.id, people.owner.membershipId),
      removeMember(db, actor, merchant.id, people.manager.membershipId),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await listMembers(db, merchant.id)).filter((m) => m.role === "owner")).toHaveLength(1);
  });

  it("treats another merchant's membership id as not found (NOT_FOUND) and leaves it alone", async () => {
    const mine = await seeded("Mine");
    const theirs = await seeded("Theirs");
    const target = theirs.people.staff.membershipId;

    await expectDomainError(
      changeMemberRole(db, mine.actor, mine.merchant.id, target, "owner"),
      "NOT_FOUND",
      "memberNotFound",
    );
    await expectDomainError(
      removeMember(db, mine.actor, mine.merchant.id, target),
      "NOT_FOUND",
      "memberNotFound",
    );

    const [row] = await db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.id, target), eq(memberships.merchantId, theirs.merchant.id)));
    expect(row?.role).toBe("staff");
    expect(await listAudit(db, mine.merchant.id)).toEqual([]);
    expect(await listAudit(db, theirs.merchant.id)).toEqual([]);
  });

  it("treats an unknown membership id as not found", async () => {
    const { merchant, actor } = await seeded("Unknown");
    const missing = "00000000-0000-4000-8000-000000000000";
    await expectDomainError(
      changeMemberRole(db, actor, merchant.id, missing, "staff"),
      "NOT_FOUND",
      "memberNotFound",
    );
    await expectDomainError(
      removeMember(db, actor, merchant.id, missing),
      "NOT_FOUND",
      "memberNotFound",
    );
  });
});
