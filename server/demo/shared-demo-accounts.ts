import { DomainError } from "@/server/errors";
import { demoAccounts } from "./demo-accounts";

const shared = new Set(demoAccounts.map((a) => a.email));

/**
 * On a demo install every visitor signs in with the same demo accounts. None may change how
 * they are signed in to (password, second factor) or make the shop ask a second factor of a
 * role, or the next visitor finds the door shut. `demo`: the install runs the demo (env.demo).
 */
export function refuseForSharedDemoAccount(email: string | null | undefined, demo: boolean): void {
  if (demo && email && shared.has(email.trim().toLowerCase())) {
    throw new DomainError(
      "FORBIDDEN",
      "demoAccountShared",
      "The demo accounts are shared by everyone trying Hexiao: their sign-in cannot be changed",
    );
  }
}
