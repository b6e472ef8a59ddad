import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { env } from "@/env";
import { createCaller } from "@/server/trpc/root";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor, seedMerchant, signedInSession, testEncryptionKey } from "@/test/fixtures";
import { demoAccounts, demoPassword } from "./demo-accounts";
import { seedDemoIfEmpty } from "./demo";

const { db } = setupTestDatabase();
const demoRunning = env.demo;
const setDemo = (on: boolean) => ((env as { demo: boolean }).demo = on);

async function demoPerson(role: "owner" | "staff") {
  const email = demoAccounts.find((a) => a.role === role)!.email;
  const [user] = await db.select().from(users).where(eq(users.email, email));
  // Signed in and just confirmed it's them (the two-factor rule is a step-up procedure).
  const steppedUpAt = new Date();
  const sessionId = await signedInSession(db, user!.id, steppedUpAt);
  return { id: user!.id, email, name: user!.name, locale: null, sessionId, steppedUpAt };
}

beforeAll(async () => {
  await seedDemoIfEmpty(db, testEncryptionKey);
});
afterEach(() => setDemo(demoRunning));

describe(`the shared demo accounts' sign-in (${engine})`, () => {
  it("cannot be changed on a demo install: password, nor a second factor asked of a role", async () => {
    setDemo(true);
    const owner = createCaller(contextFor(db, await demoPerson("owner")));
    const change = await expectTRPCError(
      owner.account.changePassword({
        currentPassword: demoPassword,
        newPassword: "locked-out-everyone",
      } as never),
    );
    expect(change.cause).toMatchObject({ messageKey: "demoAccountShared" });
    const roles = await expectTRPCError(
      owner.merchant.updateTwoFactorRoles({ roles: ["staff"] } as never),
    );
    expect(roles.cause).toMatchObject({ messageKey: "demoAccountShared" });
  });

  it("is an ordinary account's once the install is not a demo", async () => {
    setDemo(false);
    const shop = await seedMerchant(db, "NotDemo");
    const other = createCaller(contextFor(db, shop.people.owner));
    await other.merchant.updateTwoFactorRoles({ roles: [] } as never);
    const staff = createCaller(contextFor(db, await demoPerson("staff")));
    const refused = await expectTRPCError(
      staff.account.changePassword({
        currentPassword: "not-the-password",
        newPassword: "a-new-password-1",
      } as never),
    );
    // Refused for the wrong current password, not for being a demo account.
    expect(refused.cause).not.toMatchObject({ messageKey: "demoAccountShared" });
  });
});
