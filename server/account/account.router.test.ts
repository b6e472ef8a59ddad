import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor, seedMerchant, testPassword } from "@/test/fixtures";
import type { Role } from "@/server/auth/roles.logic";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";

const { db } = setupTestDatabase();
let a: Awaited<ReturnType<typeof seedMerchant>>;
let b: Awaited<ReturnType<typeof seedMerchant>>;

beforeAll(async () => {
  a = await seedMerchant(db, "Alpha");
  b = await seedMerchant(db, "Beta");
});

const callerFor = (user: SessionUser | null) => createCaller(contextFor(db, user));

describe(`routers: account and password resets (${engine})`, () => {
  it.each([
    ["account.sessions", () => callerFor(null).account.sessions()],
    [
      "account.changePassword",
      () =>
        callerFor(null).account.changePassword({
          currentPassword: testPassword,
          newPassword: "new-pass-123",
        }),
    ],
    [
      "account.revokeSession",
      () => callerFor(null).account.revokeSession({ sessionId: crypto.randomUUID() }),
    ],
    ["account.revokeOtherSessions", () => callerFor(null).account.revokeOtherSessions()],
  ])("%s needs a session", async (_name, call) => {
    expect((await expectTRPCError(call())).code).toBe("UNAUTHORIZED");
  });

  it.each(["manager", "staff", "analyst"] as const satisfies readonly Role[])(
    "a %s may not reset anyone's password",
    async (role) => {
      const error = await expectTRPCError(
        callerFor(a.people[role]).team.resetPassword({
          membershipId: a.people.staff.membershipId,
          temporaryPassword: "temporary-77",
        }),
      );
      expect(error.code).toBe("FORBIDDEN");
    },
  );

  it("an owner cannot reach another shop's member", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.owner).team.resetPassword({
        membershipId: b.people.staff.membershipId,
        temporaryPassword: "temporary-77",
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });

  it("a too-short temporary password is refused field by field", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.owner).team.resetPassword({
        membershipId: a.people.staff.membershipId,
        temporaryPassword: "short",
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
  });

  it("while a password change is due, only the account procedures and me.get answer", async () => {
    const due = { ...a.people.analyst, mustChangePassword: true };
    const blocked = await expectTRPCError(callerFor(due).merchant.settings());
    expect(blocked.code).toBe("FORBIDDEN");
    expect(blocked.cause).toMatchObject({ messageKey: "passwordChangeRequired" });
    expect((await expectTRPCError(callerFor(due).team.list())).code).toBe("FORBIDDEN");
    await expect(callerFor(due).me.get()).resolves.toMatchObject({
      user: { mustChangePassword: true },
    });
    // The fixture's own session, marked as this one.
    await expect(callerFor(due).account.sessions()).resolves.toMatchObject([{ isCurrent: true }]);
  });
});
