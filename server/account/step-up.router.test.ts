import { describe, expect, it } from "vitest";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor, seedMerchant, signedInSession, testPassword } from "@/test/fixtures";
import { stepUpWindowMs } from "./step-up.logic";

const { db } = setupTestDatabase();

/** A caller whose clock reads `at` (no sleeping: the step-up's age is judged by it). */
const callerAt = (user: SessionUser, at: Date) =>
  createCaller({ ...contextFor(db, user), now: () => at });

describe(`step-up before sensitive procedures (${engine})`, () => {
  it("a role change refuses without a step-up, runs after one, refuses again five minutes on", async () => {
    const seed = await seedMerchant(db, "Gate", { signedIn: false });
    const owner = {
      ...seed.people.owner,
      sessionId: await signedInSession(db, seed.people.owner.id),
    };
    const t0 = new Date("2026-12-03T08:00:00Z");
    const change = (at: Date, role: "staff" | "analyst") =>
      callerAt(owner, at).team.changeRole({ membershipId: seed.people.manager.membershipId, role });

    const refused = await expectTRPCError(change(t0, "staff"));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.cause).toMatchObject({ messageKey: "stepUpRequired" });
    // Reading is not gated.
    expect((await callerAt(owner, t0).team.list()).length).toBeGreaterThan(0);

    await callerAt(owner, t0).account.stepUp({ password: testPassword });
    await change(new Date(t0.getTime() + 60_000), "staff");
    const members = await callerAt(owner, t0).team.list();
    expect(members.find((m) => m.membershipId === seed.people.manager.membershipId)).toMatchObject({
      role: "staff",
    });

    const late = await expectTRPCError(change(new Date(t0.getTime() + stepUpWindowMs), "analyst"));
    expect(late.cause).toMatchObject({ messageKey: "stepUpRequired" });
  });

  it("gates the other sensitive procedures the same way, before their own checks", async () => {
    const seed = await seedMerchant(db, "GateAll", { signedIn: false });
    const owner = {
      ...seed.people.owner,
      sessionId: await signedInSession(db, seed.people.owner.id),
    };
    const c = callerAt(owner, new Date());
    const id = seed.people.staff.membershipId;
    // Each call starts only when awaited: a refusal nobody awaits yet is an unhandled rejection.
    const calls = [
      () => c.team.remove({ membershipId: id }),
      () => c.team.resetPassword({ membershipId: id, temporaryPassword: "temporary-123" }),
      () => c.team.resetTwoFactor({ membershipId: id }),
      () => c.merchant.updateTwoFactorRoles({ roles: [] }),
      () =>
        c.paymentMethods.setCredentials({ id: crypto.randomUUID(), provider: "stripe" } as never),
      () => c.refunds.approve({ refundId: crypto.randomUUID() } as never),
      () => c.vouchers.reverse({ redemptionId: crypto.randomUUID() } as never),
      () => c.vouchers.void({ voucherId: crypto.randomUUID() } as never),
    ];
    for (const call of calls) {
      const err = await expectTRPCError(call());
      expect(err.cause).toMatchObject({ messageKey: "stepUpRequired" });
    }
  });

  it("a wrong password does not step up", async () => {
    const seed = await seedMerchant(db, "GateWrong", { signedIn: false });
    const owner = {
      ...seed.people.owner,
      sessionId: await signedInSession(db, seed.people.owner.id),
    };
    const t0 = new Date();
    const wrong = await expectTRPCError(
      callerAt(owner, t0).account.stepUp({ password: "nope-nope" }),
    );
    expect(wrong.cause).toMatchObject({ messageKey: "wrongCurrentPassword" });
    const still = await expectTRPCError(
      callerAt(owner, t0).team.remove({ membershipId: seed.people.staff.membershipId }),
    );
    expect(still.cause).toMatchObject({ messageKey: "stepUpRequired" });
  });
});
