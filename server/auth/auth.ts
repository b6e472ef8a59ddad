import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { twoFactor } from "better-auth/plugins/two-factor";
import { accounts, sessions, twoFactors, users, verifications } from "@/db/schema";
import type { Db } from "@/db/types";
import { maxPasswordLength, minPasswordLength } from "./password-rule";

export interface AuthOptions {
  secret: string;
  /** Session lifetime in seconds. */
  sessionTtl: number;
  /** Fixed public origin; when absent it is taken from each request (LAN tablets, proxies). */
  baseUrl?: string;
  /**
   * Whether the session cookie is `__Secure-…; Secure`. Browsers keep a Secure cookie only
   * over https (and on localhost), so it is decided per request (see cookie-security.logic.ts).
   * Unset: better-auth's own default.
   */
  secureCookies?: boolean;
}

/**
 * Email + password sign-in, with a second factor for those who set one up. There is no public sign-up: owners add their team from the
 * team page (server/team), which creates accounts directly.
 */
export function createAuth(db: Db, opts: AuthOptions) {
  return betterAuth({
    appName: "Hexiao",
    secret: opts.secret,
    ...(opts.baseUrl ? { baseURL: opts.baseUrl } : {}),
    // The console is opened by whatever address reaches it (localhost, a LAN address on a
    // counter tablet, a proxy's name), so a request is trusted when its Origin is the very
    // host it was sent to. A cross-site form post carries another Origin and is refused.
    trustedOrigins: (request) => sameHostOrigins(request),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        user: users,
        session: sessions,
        account: accounts,
        verification: verifications,
        twoFactor: twoFactors,
      },
    }),
    advanced: {
      cookiePrefix: "hexiao",
      database: { generateId: "uuid" },
      // better-auth turns its Origin/CSRF check off when NODE_ENV=test or TEST is set;
      // pin it on so the check never depends on the environment (and tests see production's).
      disableOriginCheck: false,
      ...(opts.secureCookies !== undefined ? { useSecureCookies: opts.secureCookies } : {}),
    },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength, maxPasswordLength },
    session: {
      expiresIn: opts.sessionTtl,
      // Refresh the expiry at most every quarter of its lifetime while the user is active.
      updateAge: Math.floor(opts.sessionTtl / 4),
    },
    user: {
      additionalFields: {
        locale: { type: "string", required: false, input: false },
        // Read with every session: while set, the console only lets the user change it.
        mustChangePassword: {
          type: "boolean",
          required: false,
          input: false,
          defaultValue: false,
        },
      },
    },
    plugins: [
      // An authenticator app (TOTP) and single-use backup codes. A sign-in whose password is
      // right answers `twoFactorRedirect` and a short-lived challenge cookie instead of a
      // session; five wrong codes lock the account's second factor for 15 minutes.
      twoFactor({
        issuer: "Hexiao",
        backupCodeOptions: { amount: 10, length: 10 },
        accountLockout: { enabled: true, maxFailedAttempts: 5, durationSeconds: 15 * 60 },
      }),
    ],
    // Our own sign-in throttle (sign-in-throttle.service.ts) counts failures per account
    // and per address in the database; better-auth's per-IP limiter only sees proxies' IPs.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: {
      log(level, message, ...args) {
        // Deriving the origin from each request is our choice (see trustedOrigins), not a mistake.
        if (!opts.baseUrl && message.includes("Base URL is not set")) return;
        (level === "error" ? console.error : level === "warn" ? console.warn : console.log)(
          `[auth] ${message}`,
          ...args,
        );
      },
    },
  });
}

function sameHostOrigins(request: Request | undefined): string[] {
  const host = request?.headers.get("host");
  return host ? [`http://${host}`, `https://${host}`] : [];
}

export type Auth = ReturnType<typeof createAuth>;
export type SessionData = NonNullable<Awaited<ReturnType<Auth["api"]["getSession"]>>>;
