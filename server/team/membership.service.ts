import { and, asc, eq, sql } from "drizzle-orm";
import { memberships, merchants } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import type { Role } from "@/server/auth/roles.logic";
import { DomainError } from "@/server/errors";

export interface ActiveMembership {
  merchantId: string;
  merchantName: string;
  role: Role;
  /** The shop asks this role for a second factor at sign-in (Settings → Security). */
  twoFactorRequired: boolean;
}

/** A membership as requests carry it; also read with the session (findLiveSession). */
export const membershipColumns = {
  merchantId: memberships.merchantId,
  merchantName: merchants.name,
  role: memberships.role,
  twoFactorRequired: sql<boolean>`${memberships.role} = any(${merchants.twoFactorRoles})`.as(
    "two_factor_required",
  ),
};

/** Every merchant the user belongs to, oldest membership first. */
export async function listUserMemberships(db: DbOrTx, userId: string): Promise<ActiveMembership[]> {
  return db
    .select(membershipColumns)
    .from(memberships)
    .innerJoin(merchants, eq(merchants.id, memberships.merchantId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(merchants.name));
}

/**
 * The merchant a request acts for: the one the user chose (a cookie) if they still belong
 * to it, otherwise their first. Null when the user belongs to no merchant. findLiveSession
 * reads the same choice with the session; a change to the rule changes both.
 */
export async function resolveMembership(
  db: DbOrTx,
  userId: string,
  preferredMerchantId: string | null,
): Promise<ActiveMembership | null> {
  if (preferredMerchantId) {
    const [chosen] = await db
      .select(membershipColumns)
      .from(memberships)
      .innerJoin(merchants, eq(merchants.id, memberships.merchantId))
      .where(and(eq(memberships.userId, userId), eq(memberships.merchantId, preferredMerchantId)));
    if (chosen) return chosen;
  }
  const all = await listUserMemberships(db, userId);
  return all[0] ?? null;
}

/** What a request knows of its merchant once its session is read (the tRPC context's fields). */
export interface MembershipRequest {
  preferredMerchantId: string | null;
  /** Read with the session (findLiveSession); undefined when the session was read without it. */
  membership?: ActiveMembership | null;
}

/**
 * The membership a signed-in request acts for: the one read with its session, or, when the
 * session came without it (better-auth refreshed it; tests), read now by the same rule.
 */
export async function requestMembership(
  db: DbOrTx,
  userId: string,
  request: MembershipRequest,
): Promise<ActiveMembership | null> {
  return request.membership !== undefined
    ? request.membership
    : resolveMembership(db, userId, request.preferredMerchantId);
}

/** Who a request is signed in as, as far as the gates below need to know. */
export interface GatedUser {
  id: string;
  mustChangePassword?: boolean;
  twoFactorEnabled?: boolean;
}

/**
 * The membership a signed-in request may act for, past the gates every merchant request
 * passes, tRPC's merchant procedures and the console's file routes (exports, statement upload,
 * backup) alike: a password someone else chose (new member, owner's reset) changed first; a
 * member of a shop; a second factor set up where the shop asks this role for one.
 */
export async function actingMembership(
  db: DbOrTx,
  user: GatedUser,
  request: MembershipRequest,
): Promise<ActiveMembership> {
  if (user.mustChangePassword) {
    throw new DomainError("FORBIDDEN", "passwordChangeRequired", "Change your password first");
  }
  const membership = await requestMembership(db, user.id, request);
  if (!membership) {
    throw new DomainError("FORBIDDEN", "noMerchant", "You are not a member of any merchant");
  }
  if (membership.twoFactorRequired && !user.twoFactorEnabled) {
    throw new DomainError("FORBIDDEN", "twoFactorRequired", "Set up two-factor sign-in first");
  }
  return membership;
}
