import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "@/db/schema";
import { listAudit } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { seedMerchant, signedInSession, testAuthSecret, testPassword } from "@/test/fixtures";
import type { Self } from "./account.service";
import { stepUpWindowMs } from "./step-up.logic";
import { requireStepUp, stepUp } from "./step-up.service";

const { db } = setupTestDatabase();
const secrets = { authSecret: testAuthSecret };
const at = new Date("2026-12-03T08:00:00Z");

async function setup(label: string) {
  const seed = await seedMerchant(db, label, { signedIn: false });
  const owner = seed.people.owner;
  const sessionId = await signedInSession(db, owner.id);
  const self: Self = {
    actor: { userId: owner.id, ip: "198.51.100.4", userAgent: "vitest" },
    userId: owner.id,
    email: owner.email,
    sessionId,
  };
  return { ...seed, owner, self, user: { id: owner.id, sessionId } };
}

const steppedUpAtOf = async (id: string) =>
  (await db.select().from(sessions).where(eq(sessions.id, id)))[0]?.steppedUpAt ?? null;

describe(`step-up (${engine})`, () => {
  it("the password marks this session as proven for five minutes, audited", async () => {
    const { self, user, merchant } = await setup("StepPw");
    await expectDomainError(requireStepUp(db, user, at), "FORBIDDEN", "stepUpRequired");
    await stepUp(db, self, { password: testPassword }, secrets, at);
    expect(await steppedUpAtOf(self.sessionId!)).toEqual(at);
    await requireStepUp(db, user, new Date(at.getTime() + stepUpWindowMs - 1));
    await expectDomainError(
      requireStepUp(db, user, new Date(at.getTime() + stepUpWindowMs)),
      "FORBIDDEN",
      "stepUpRequired",
    );
    const [entry] = await listAudit(db, merchant.id, { entityType: "session" });
    expect(entry).toMatchObject({
      action: "account.step_up",
      entityId: self.sessionId,
      after: { method: "password" },
    });
  });

  it("only this session: another session of the same person is still asked", async () => {
    const { self, owner } = await setup("StepOther");
    await stepUp(db, self, { password: testPassword }, secrets, at);
    const other = await signedInSession(db, owner.id);
    await expectDomainError(
      requireStepUp(db, { id: owner.id, sessionId: other }, at),
      "FORBIDDEN",
      "stepUpRequired",
    );
    // Nor someone else's user with this session's id.
    const { owner: stranger } = await setup("StepStranger");
    await expectDomainError(
      requireStepUp(db, { id: stranger.id, sessionId: self.sessionId! }, at),
      "FORBIDDEN",
      "stepUpRequired",
    );
  });

  it("refuses a wrong password, marking nothing; a code when two-factor is off", async () => {
    const { self } = await setup("StepWrong");
    await expectDomainError(
      stepUp(db, self, { password: "not-the-password" }, secrets, at),
      "VALIDATION",
      "wrongCurrentPassword",
    );
    await expectDomainError(
      stepUp(db, self, { code: "123456" }, secrets, at),
      "INVALID_STATE",
      "twoFactorOff",
    );
    expect(await steppedUpAtOf(self.sessionId!)).toBeNull();
  });

  it("counts wrong answers against the sign-in throttle", async () => {
    const { self } = await setup("StepGuess");
    let last: unknown = null;
    for (let i = 0; i < 12 && !(last instanceof DomainError && last.code === "RATE_LIMITED"); i++) {
      last = await stepUp(db, self, { password: `guess-${i}-xxxx` }, secrets, at).catch(
        (e: unknown) => e,
      );
    }
    expect(last).toMatchObject({ code: "RATE_LIMITED", messageKey: "tooManyPasswordAttempts" });
    await expectDomainError(
      stepUp(db, self, { password: testPassword }, secrets, at),
      "RATE_LIMITED",
      "tooManyPasswordAttempts",
    );
    expect(await steppedUpAtOf(self.sessionId!)).toBeNull();
  });

  it("without a session (a script) there is nothing to prove, and sensitive actions refuse", async () => {
    const { self, user } = await setup("StepNone");
    await expectDomainError(
      stepUp(db, { ...self, sessionId: null }, { password: testPassword }, secrets, at),
      "INVALID_STATE",
      "noSession",
    );
    await expectDomainError(requireStepUp(db, { id: user.id }, at), "FORBIDDEN", "stepUpRequired");
  });
});
