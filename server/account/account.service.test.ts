import { randomBytes } from "node:crypto";
import { verifyPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, sessions, users } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { seedMerchant, testPassword } from "@/test/fixtures";
import { listAudit } from "@/server/audit/audit.service";
import { passwordHashOf } from "@/server/auth/user.service";
import { DomainError } from "@/server/errors";
import {
  changeOwnPassword,
  listOwnSessions,
  revokeOtherOwnSessions,
  revokeOwnSession,
  type Self,
} from "./account.service";

const { db } = setupTestDatabase();

const tablet =
  "Mozilla/5.0 (Linux; Android 14; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

async function signedIn(userId: string, opts: { userAgent?: string; expired?: boolean } = {}) {
  const [row] = await db
    .insert(sessions)
    .values({
      token: randomBytes(16).toString("hex"),
      userId,
      expiresAt: new Date(Date.now() + (opts.expired ? -1 : 1) * 3_600_000),
      ipAddress: "192.168.1.23",
      userAgent: opts.userAgent ?? tablet,
    })
    .returning({ id: sessions.id });
  return row!.id;
}

async function sessionIdsOf(userId: string) {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.userId, userId));
  return rows.map((r) => r.id).sort();
}

async function setup(label: string) {
  const seed = await seedMerchant(db, label, { signedIn: false });
  const staff = seed.people.staff;
  const current = await signedIn(staff.id);
  const self: Self = {
    actor: { userId: staff.id, ip: "192.168.1.23", userAgent: tablet },
    userId: staff.id,
    email: staff.email,
    sessionId: current,
  };
  return { ...seed, staff, current, self };
}

describe(`account service (${engine})`, () => {
  it("changes the password, signs out the other sessions, keeps this one, clears must-change", async () => {
    const { merchant, staff, current, self, people } = await setup("Change");
    const other = await signedIn(staff.id);
    const colleague = await signedIn(people.manager.id);
    await db.update(users).set({ mustChangePassword: true }).where(eq(users.id, staff.id));

    const result = await changeOwnPassword(db, self, {
      currentPassword: testPassword,
      newPassword: "my-own-secret-42",
    });

    expect(result).toEqual({ signedOutSessions: 1 });
    const hash = await passwordHashOf(db, staff.id);
    expect(await verifyPassword({ hash: hash!, password: "my-own-secret-42" })).toBe(true);
    expect(await verifyPassword({ hash: hash!, password: testPassword })).toBe(false);
    expect(await sessionIdsOf(staff.id)).toEqual([current]);
    expect(await sessionIdsOf(people.manager.id)).toEqual([colleague]);
    expect(other).not.toBe(current);
    const [user] = await db
      .select({ must: users.mustChangePassword })
      .from(users)
      .where(eq(users.id, staff.id));
    expect(user!.must).toBe(false);

    const [entry] = await listAudit(db, merchant.id, { entityType: "user" });
    expect(entry).toMatchObject({
      action: "account.password.change",
      actorUserId: staff.id,
      entityId: staff.id,
      after: { signedOutSessions: 1 },
    });
    // Neither password nor hash is written anywhere in the audit log.
    const everything = JSON.stringify(await db.select().from(auditLog));
    expect(everything).not.toContain("my-own-secret-42");
    expect(everything).not.toContain(testPassword);
    expect(everything).not.toContain(hash!);
  });

  it("refuses a wrong current password, and the same password again, changing nothing", async () => {
    const { staff, self } = await setup("Wrong");
    const other = await signedIn(staff.id);
    const before = await passwordHashOf(db, staff.id);
    await expectDomainError(
      changeOwnPassword(db, self, {
        currentPassword: "not-it-at-all",
        newPassword: "new-pass-123",
      }),
      "VALIDATION",
      "wrongCurrentPassword",
    );
    await expectDomainError(
      changeOwnPassword(db, self, { currentPassword: testPassword, newPassword: testPassword }),
      "VALIDATION",
      "samePassword",
    );
    expect(await passwordHashOf(db, staff.id)).toBe(before);
    expect(await sessionIdsOf(staff.id)).toContain(other);
  });

  it("stops guessing the current password after too many wrong tries", async () => {
    const { self } = await setup("Guess");
    let last: unknown = null;
    for (let i = 0; i < 12 && !(last instanceof DomainError && last.code === "RATE_LIMITED"); i++) {
      last = await changeOwnPassword(db, self, {
        currentPassword: `guess-${i}-xxxx`,
        newPassword: "new-pass-123",
      }).catch((e: unknown) => e);
    }
    expect(last).toMatchObject({ code: "RATE_LIMITED", messageKey: "tooManyPasswordAttempts" });
    // Even the right password waits now.
    await expectDomainError(
      changeOwnPassword(db, self, { currentPassword: testPassword, newPassword: "new-pass-123" }),
      "RATE_LIMITED",
      "tooManyPasswordAttempts",
    );
  });

  it("lists one's own live sessions only, naming the device and marking this one", async () => {
    const { staff, current, self, people } = await setup("List");
    const phone = await signedIn(staff.id, {
      userAgent:
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    });
    await signedIn(staff.id, { expired: true });
    await signedIn(people.owner.id);

    const list = await listOwnSessions(db, self);
    expect(list.map((s) => s.id).sort()).toEqual([current, phone].sort());
    expect(list.find((s) => s.id === current)).toMatchObject({
      isCurrent: true,
      browser: "Chrome",
      os: "Android",
      ipAddress: "192.168.1.23",
    });
    expect(list.find((s) => s.id === phone)).toMatchObject({
      isCurrent: false,
      browser: "Safari",
      os: "iOS",
    });
    expect(JSON.stringify(list)).not.toMatch(/token/i);
  });

  it("signs out one other device of one's own, never someone else's, nor this one", async () => {
    const { merchant, staff, current, self, people } = await setup("Revoke");
    const other = await signedIn(staff.id);
    const ownersSession = await signedIn(people.owner.id);

    await expectDomainError(
      revokeOwnSession(db, self, ownersSession),
      "NOT_FOUND",
      "sessionNotFound",
    );
    expect(await sessionIdsOf(people.owner.id)).toEqual([ownersSession]);
    await expectDomainError(
      revokeOwnSession(db, self, current),
      "INVALID_STATE",
      "revokeCurrentSession",
    );

    await revokeOwnSession(db, self, other);
    expect(await sessionIdsOf(staff.id)).toEqual([current]);
    const [entry] = await listAudit(db, merchant.id, { entityType: "session" });
    expect(entry).toMatchObject({
      action: "account.session.revoke",
      entityId: other,
      before: { browser: "Chrome", os: "Android", ipAddress: "192.168.1.23" },
    });
  });

  it("signs out everywhere else in one go", async () => {
    const { staff, current, self, people } = await setup("Others");
    await signedIn(staff.id);
    await signedIn(staff.id);
    const colleague = await signedIn(people.analyst.id);
    expect(await revokeOtherOwnSessions(db, self)).toEqual({ signedOutSessions: 2 });
    expect(await sessionIdsOf(staff.id)).toEqual([current]);
    expect(await sessionIdsOf(people.analyst.id)).toEqual([colleague]);
  });
});
