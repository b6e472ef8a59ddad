import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor, seedMerchant } from "@/test/fixtures";
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
const unknownId = "00000000-0000-4000-8000-000000000000";

describe(`routers: invitations (${engine})`, () => {
  it.each([
    ["invitations.mine", () => callerFor(null).invitations.mine()],
    ["invitations.accept", () => callerFor(null).invitations.accept({ invitationId: unknownId })],
    ["invitations.decline", () => callerFor(null).invitations.decline({ invitationId: unknownId })],
  ])("%s needs a session", async (_name, call) => {
    expect((await expectTRPCError(call())).code).toBe("UNAUTHORIZED");
  });

  it("answers nothing while a password someone else chose is in use", async () => {
    const due = { ...b.people.analyst, mustChangePassword: true };
    for (const call of [
      () => callerFor(due).invitations.mine(),
      () => callerFor(due).invitations.accept({ invitationId: unknownId }),
    ]) {
      const error = await expectTRPCError(call());
      expect(error.code).toBe("FORBIDDEN");
      expect(error.cause).toMatchObject({ messageKey: "passwordChangeRequired" });
    }
  });

  it("shows an invitation only to its e-mail's owner, who alone can accept it", async () => {
    const { invitationId } = await callerFor(a.people.owner).team.add({
      email: b.people.staff.email,
      name: "Typed",
      role: "analyst",
      password: "pass-word-1",
    });
    expect(await callerFor(b.people.manager).invitations.mine()).toEqual([]);
    const stolen = await expectTRPCError(
      callerFor(b.people.manager).invitations.accept({ invitationId }),
    );
    expect(stolen.code).toBe("NOT_FOUND");

    const mine = await callerFor(b.people.staff).invitations.mine();
    expect(mine.map((i) => [i.id, i.merchantName, i.role])).toEqual([
      [invitationId, a.merchant.name, "analyst"],
    ]);
    await expect(callerFor(b.people.staff).invitations.accept({ invitationId })).resolves.toEqual({
      merchantId: a.merchant.id,
    });
    // The cookie now names A: the person works there as an analyst.
    const settings = await createCaller(
      contextFor(db, b.people.staff, a.merchant.id),
    ).merchant.settings();
    expect(settings.id).toBe(a.merchant.id);
  });
});
