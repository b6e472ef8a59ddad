import { hashPassword } from "better-auth/crypto";
import { randomBytes } from "node:crypto";
import { memberships, merchants, sessions, stores } from "@/db/schema";
import type { Db } from "@/db/types";
import { createUserWithPassword } from "@/server/auth/user.service";
import type { Role } from "@/server/auth/roles.logic";
import type { Delivery } from "@/server/connectors/sandbox/sandbox-wallet.service";
import { EventHub } from "@/server/events/events.service";
import { acceptInvitation, inviteMember } from "@/server/team/invitation.service";
import type { Context, SessionUser } from "@/server/trpc/init";

export const testPassword = "correct-horse-9";
// Hashing is slow on purpose; every test user shares the password, so it is hashed once.
let testPasswordHash: Promise<string> | undefined;
const sharedHash = async () => ({
  hash: await (testPasswordHash ??= hashPassword(testPassword)),
});

/** A live session row for the user (as sign-in makes), stepped up at `steppedUpAt` if given. */
export async function signedInSession(db: Db, userId: string, steppedUpAt: Date | null = null) {
  const [row] = await db
    .insert(sessions)
    .values({
      userId,
      token: randomBytes(24).toString("base64url"),
      expiresAt: new Date(Date.now() + 24 * 3600 * 1000),
      steppedUpAt,
    })
    .returning({ id: sessions.id });
  return row!.id;
}

/** A merchant of its own with one store and one member per role, all with random names. */
export async function seedMerchant(db: Db, label = "Test", opts = { signedIn: true }) {
  const tag = randomBytes(4).toString("hex");
  const [merchant] = await db
    .insert(merchants)
    .values({ name: `${label} Shop ${tag}` })
    .returning();
  const [store] = await db
    .insert(stores)
    .values({ merchantId: merchant!.id, name: `${label} Store ${tag}` })
    .returning();
  const people = {} as Record<Role, SessionUser & { membershipId: string; steppedUpAt?: Date }>;
  for (const role of ["owner", "manager", "staff", "analyst"] as const) {
    const user = await createUserWithPassword(db, {
      email: `${role}-${tag}@test.example`,
      name: `${role} ${tag}`,
      password: await sharedHash(),
    });
    const [m] = await db
      .insert(memberships)
      .values({ userId: user.id, merchantId: merchant!.id, role })
      .returning({ id: memberships.id });
    // Each person is signed in on a session that has just stepped up (account.stepUp), so
    // tests of sensitive procedures act as a person who has just confirmed it is them; their
    // contexts read the clock at that instant (contextFor), so a slow machine never lets the
    // five minutes run out mid-file. The step-up tests move the clock (Context.now) or use
    // signedInSession. Tests that count a person's sessions pass signedIn: false.
    const steppedUpAt = opts.signedIn ? new Date() : undefined;
    const sessionId = steppedUpAt ? await signedInSession(db, user.id, steppedUpAt) : undefined;
    people[role] = { ...user, locale: null, membershipId: m!.id, sessionId, steppedUpAt };
  }
  return { merchant: merchant!, store: store!, people };
}

/** The auth secret of test contexts (createAuth in tests must use it to share two-factor secrets). */
export const testAuthSecret = "y".repeat(40);

/** A fixed key for sealing credentials in tests. */
export const testEncryptionKey = Buffer.alloc(32, 42);

/** Sandbox deliveries captured instead of posted, for tests to replay (or drop, or repeat). */
export const capturedDeliveries: Delivery[] = [];

/** A tRPC context as the HTTP layer would build it for this user. */
export function contextFor(
  db: Db,
  user: (SessionUser & { steppedUpAt?: Date }) | null,
  preferredMerchantId: string | null = null,
): Context {
  const steppedUpAt = user?.steppedUpAt;
  return {
    // A seeded person's step-up is judged at the instant it was taken (see seedMerchant).
    ...(steppedUpAt ? { now: () => steppedUpAt } : {}),
    db,
    user,
    meta: { ip: "203.0.113.7", userAgent: "vitest" },
    preferredMerchantId,
    encryptionKey: testEncryptionKey,
    authSecret: testAuthSecret,
    events: new EventHub(),
    deliverSandbox: (d) => capturedDeliveries.push(d),
  };
}

/** How logs and exports name a person (server/team/person-label.ts): "Name <email>". */
export const labelOf = (person: { name: string; email: string }) =>
  `${person.name} <${person.email}>`;

/**
 * A person of one seeded shop joining another, as the product allows it: the other shop's
 * owner invites their e-mail and they accept (server/team/invitation.service.ts).
 */
export async function joinOtherShop(
  db: Db,
  shop: { merchantId: string; ownerId: string },
  person: { id: string; email: string },
  role: Role = "staff",
) {
  const owner = { userId: shop.ownerId, ip: "203.0.113.7", userAgent: "vitest" };
  const { invitationId } = await inviteMember(db, owner, shop.merchantId, {
    email: person.email,
    name: "Someone",
    role,
    password: "pass-word-1",
  });
  const invitee = {
    actor: { ...owner, userId: person.id },
    userId: person.id,
    email: person.email,
  };
  await acceptInvitation(db, invitee, invitationId);
}
