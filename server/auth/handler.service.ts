import { z } from "zod";
import type { Db } from "@/db/types";
import { requestMeta } from "@/server/http/request-meta";
import {
  recordSecondFactorChange,
  type SecondFactorChange,
} from "@/server/account/account.service";
import type { Auth } from "./auth";
import {
  clearSignInFailures,
  releaseSignInAttempt,
  reserveSignInAttempt,
} from "./sign-in-throttle.service";

const signInBody = z.object({ email: z.string() });

/**
 * The e-mail of a sign-in body, read as better-auth reads it: its sign-in endpoint takes
 * JSON and urlencoded forms, so a form post must be counted too or it bypasses the throttle.
 */
async function signInEmail(req: Request): Promise<string | null> {
  const type = req.headers.get("content-type")?.toLowerCase() ?? "";
  const body: unknown = type.includes("application/x-www-form-urlencoded")
    ? Object.fromEntries(new URLSearchParams(await req.clone().text()))
    : await req
        .clone()
        .json()
        .catch(() => null);
  const parsed = signInBody.safeParse(body);
  return parsed.success ? parsed.data.email : null;
}

/**
 * The only auth endpoints the console uses. Everything else the auth library serves is closed:
 * `update-user` let anyone rename themselves (a cashier's acts then read as the owner's),
 * `list-sessions` handed session tokens to page scripts, and names, passwords and sessions are
 * changed through the account and team procedures, checked and audited.
 */
const openEndpoints = new Set([
  "POST sign-in/email",
  "POST sign-out",
  "GET get-session",
  // The second factor: set up (enable, then a first code confirms), the sign-in challenge,
  // new backup codes, turning it off. Each asks for the password or a code itself.
  "POST two-factor/enable",
  "POST two-factor/verify-totp",
  "POST two-factor/verify-backup-code",
  "POST two-factor/generate-backup-codes",
  "POST two-factor/disable",
]);

/** Changes to one's second factor, recorded in the audit log of every shop one works for. */
const auditedEndpoints: Partial<Record<string, SecondFactorChange>> = {
  "POST two-factor/verify-totp": "account.two_factor.enable",
  "POST two-factor/generate-backup-codes": "account.two_factor.backup_codes",
  "POST two-factor/disable": "account.two_factor.disable",
};

/**
 * The auth HTTP endpoint: better-auth's handler, with e-mail sign-ins counted before the
 * password is checked and refused with 429 once an account or address has failed too often.
 */
export async function handleAuthRequest(auth: Auth, db: Db, req: Request): Promise<Response> {
  const url = new URL(req.url);
  const endpoint = `${req.method} ${url.pathname.replace(/^.*\/api\/auth\//, "")}`;
  if (!openEndpoints.has(endpoint)) return Response.json({ code: "NOT_FOUND" }, { status: 404 });
  const audited = auditedEndpoints[endpoint];
  if (audited) return handleAudited(auth, db, req, audited);
  if (endpoint !== "POST sign-in/email") return auth.handler(req);

  const email = await signInEmail(req);
  if (email === null) return auth.handler(req);
  const subject = { email, ip: requestMeta(req.headers).ip };

  const wait = await reserveSignInAttempt(db, subject);
  if (wait > 0) {
    return Response.json(
      {
        code: "TOO_MANY_ATTEMPTS",
        message: "Too many failed sign-in attempts. Try again later.",
        retryAfter: wait,
      },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const res = await auth.handler(req);
  // A wrong password keeps the attempt counted; anything else gives it back.
  if (res.status !== 401) await releaseSignInAttempt(db, subject);
  if (res.ok) await clearSignInFailures(db, subject);
  return res;
}

/**
 * A change to the signed-in person's second factor, audited once it succeeded. A code checked
 * during sign-in (no session yet) changes nothing and is not recorded; nor is a confirmation
 * code sent again once the factor is on.
 */
async function handleAudited(
  auth: Auth,
  db: Db,
  req: Request,
  action: SecondFactorChange,
): Promise<Response> {
  const session = await auth.api.getSession({ headers: req.headers });
  const res = await auth.handler(req);
  if (!res.ok || !session) return res;
  if (action === "account.two_factor.enable" && session.user.twoFactorEnabled) return res;
  await recordSecondFactorChange(
    db,
    {
      actor: { userId: session.user.id, ...requestMeta(req.headers) },
      userId: session.user.id,
      email: session.user.email,
      sessionId: session.session.id,
    },
    action,
  );
  return res;
}
