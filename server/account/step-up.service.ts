import { symmetricDecrypt, symmetricEncrypt } from "better-auth/crypto";
// The OTP code of better-auth's own two-factor plugin (a dependency of better-auth), so a code
// counts here exactly when the plugin would count it at sign-in.
import { createOTP } from "@better-auth/utils/otp";
import { and, eq } from "drizzle-orm";
import { sessions, twoFactors, users } from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { clearSignInFailures } from "@/server/auth/sign-in-throttle.service";
import { DomainError } from "@/server/errors";
import { auditSelf, proveOwnPassword, throttledProof, type Self } from "./account.service";
import type { StepUpInput } from "./account.schema";
import { isSteppedUp } from "./step-up.logic";

/** What reading the plugin's stored secrets needs: the auth secret it encrypts them with. */
export interface StepUpSecrets {
  authSecret: string;
}

// The plugin's own defaults (server/auth/auth.ts sets neither): 6 digits every 30 seconds.
const totp = { digits: 6, period: 30 };
// Secrets imported from other providers are stored as `base32:<secret>`; ours never are
// (the plugin generates them), so such a secret is not supported here and never matches.
const importedSecret = "base32:";

/** A TOTP code (digits only) or a backup code (letters and digits, "abcde-12345"). */
async function proveCode(db: Db, userId: string, code: string, secrets: StepUpSecrets) {
  const [row] = await db
    .select({ id: twoFactors.id, secret: twoFactors.secret, backupCodes: twoFactors.backupCodes })
    .from(twoFactors)
    .innerJoin(users, eq(users.id, twoFactors.userId))
    .where(
      and(
        eq(twoFactors.userId, userId),
        eq(twoFactors.verified, true),
        eq(users.twoFactorEnabled, true),
      ),
    );
  if (!row) {
    throw new DomainError("INVALID_STATE", "twoFactorOff", "Two-factor sign-in is not on");
  }
  const answer = code.trim();
  if (/^\d{6}$/.test(answer)) {
    const secret = await symmetricDecrypt({ key: secrets.authSecret, data: row.secret });
    if (secret.startsWith(importedSecret)) return false;
    return createOTP(secret, totp).verify(answer);
  }
  // A backup code is single-use, as at sign-in: the one used is taken off the list.
  const codes = JSON.parse(
    await symmetricDecrypt({ key: secrets.authSecret, data: row.backupCodes }),
  ) as string[];
  if (!codes.includes(answer)) return false;
  const left = codes.filter((c) => c !== answer);
  const data = await symmetricEncrypt({ key: secrets.authSecret, data: JSON.stringify(left) });
  const used = await db
    .update(twoFactors)
    .set({ backupCodes: data })
    .where(and(eq(twoFactors.id, row.id), eq(twoFactors.backupCodes, row.backupCodes)))
    .returning({ id: twoFactors.id });
  // Another request used a code in between: try again rather than lose its change.
  return used.length === 1;
}

/**
 * "Confirm it's you": the password, or a code from the authenticator app (or a backup code)
 * when two-factor sign-in is on, marks this session as proven for a few minutes
 * (step-up.logic.ts). Wrong answers count against the sign-in throttle. Audited.
 */
export async function stepUp(
  db: Db,
  self: Self,
  input: StepUpInput,
  secrets: StepUpSecrets,
  now = new Date(),
) {
  // Scripts and tests without a session have nothing to mark; the HTTP layer always has one.
  const sessionId = self.sessionId;
  if (!sessionId) {
    throw new DomainError("INVALID_STATE", "noSession", "No session to confirm");
  }
  const method = "password" in input ? "password" : "code";
  if ("password" in input) {
    await proveOwnPassword(db, self, input.password);
  } else {
    await throttledProof(
      db,
      self,
      () => proveCode(db, self.userId, input.code, secrets),
      new DomainError("VALIDATION", "wrongStepUpCode", "The code is not right"),
    );
  }
  await db.transaction(async (tx) => {
    await tx
      .update(sessions)
      .set({ steppedUpAt: now })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, self.userId)));
    await auditSelf(tx, self, {
      action: "account.step_up",
      entityType: "session",
      entityId: sessionId,
      after: { method },
    });
  });
  await clearSignInFailures(db, { email: self.email, ip: self.actor.ip });
  return { steppedUpAt: now };
}

/** Whether this session was proven in the last few minutes (none without a session). */
export async function isSessionSteppedUp(
  db: DbOrTx,
  user: { id: string; sessionId?: string },
  now = new Date(),
): Promise<boolean> {
  if (!user.sessionId) return false;
  const [row] = await db
    .select({ steppedUpAt: sessions.steppedUpAt })
    .from(sessions)
    .where(and(eq(sessions.id, user.sessionId), eq(sessions.userId, user.id)));
  return isSteppedUp(row?.steppedUpAt, now);
}

/**
 * Refuses a sensitive action unless this session was proven in the last few minutes.
 * A caller without a session (a script, a test's bare context) is refused too: only a
 * session can be proven, so none is trusted by default.
 */
export async function requireStepUp(
  db: DbOrTx,
  user: { id: string; sessionId?: string },
  now = new Date(),
) {
  if (!(await isSessionSteppedUp(db, user, now))) {
    throw new DomainError("FORBIDDEN", "stepUpRequired", "Confirm it's you first");
  }
}
