import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db/open";
import { createTestDatabase } from "@/db/testing";
import { contextFor, seedMerchant, testPassword } from "@/db/testing/fixtures";
import type { Db } from "@/db/types";
import type { Role } from "@/server/auth/roles.logic";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";

let opened: OpenDatabase;
let db: Db;
let a: Awaited<ReturnType<typeof seedMerchant>>;
let b: Awaited<ReturnType<typeof seedMerchant>>;

beforeAll(async () => {
  opened = await createTestDatabase();
  db = opened.db;
  a = await seedMerchant(db, "Alpha");
  b = await seedMerchant(db, "Beta");
});
afterAll(() => opened.close());

const callerFor = (user: SessionUser | null) => createCaller(contextFor(db, user));

async function failure(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected the call to fail, it returned ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe(`routers: account and password resets (${process.env.TEST_ENGINE ?? "pglite"})`, () => {
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
    expect((await failure(call())).code).toBe("UNAUTHORIZED");
  });

  it.each(["manager", "staff", "analyst"] as const satisfies readonly Role[])(
    "a %s may not reset anyone's password",
    async (role) => {
      const error = await failure(
        callerFor(a.people[role]).team.resetPassword({
          membershipId: a.people.staff.membershipId,
          temporaryPassword: "temporary-77",
        }),
      );
      expect(error.code).toBe("FORBIDDEN");
    },
  );

  it("an owner cannot reach another shop's member", async () => {
    const error = await failure(
      callerFor(a.people.owner).team.resetPassword({
        membershipId: b.people.staff.membershipId,
        temporaryPassword: "temporary-77",
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });

  it("a too-short temporary password is refused field by field", async () => {
    const error = await failure(
      callerFor(a.people.owner).team.resetPassword({
        membershipId: a.people.staff.membershipId,
        temporaryPassword: "short",
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
  });

  it("while a password change is due, only the account procedures and me.get answer", async () => {
    const due = { ...a.people.analyst, mustChangePassword: true };
    const blocked = await failure(callerFor(due).merchant.settings());
    expect(blocked.code).toBe("FORBIDDEN");
    expect(blocked.cause).toMatchObject({ messageKey: "passwordChangeRequired" });
    expect((await failure(callerFor(due).team.list())).code).toBe("FORBIDDEN");
    await expect(callerFor(due).me.get()).resolves.toMatchObject({
      user: { mustChangePassword: true },
    });
    await expect(callerFor(due).account.sessions()).resolves.toEqual([]);
  });
});
