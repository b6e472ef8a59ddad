import { z } from "zod";
import type { Db } from "@/db/types";
import { hiddenCharacterPath } from "@/server/http/hidden-characters.logic";
import { requestMeta } from "@/server/http/request-meta";
import { recordAccountEvent, type AccountEvent, type Self } from "@/server/account/account.service";
import type { Actor } from "@/server/audit/audit.service";
import { refuseForSharedDemoAccount } from "@/server/demo/shared-demo-accounts";
import type { Auth } from "./auth";
import {
  clearSignInFailures,
  releaseSignInAttempt,
  reserveSignInAttemptCounted,
} from "./sign-in-throttle.service";
import { findUserByEmail } from "./user.service";

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

/** What a signed-in person does to their account, recorded in the audit log of every shop they work for. */
const auditedEndpoints: Partial<Record<string, AccountEvent>> = {
  "POST two-factor/verify-totp": "account.two_factor.enable",
  "POST two-factor/generate-backup-codes": "account.two_factor.backup_codes",
  "POST two-factor/disable": "account.two_factor.disable",
  "POST sign-out": "account.sign_out",
};

/** A second factor checked without a session completes a sign-in (the password came first). */
const secondFactorSignIns: Partial<Record<string, string>> = {
  "POST two-factor/verify-totp": "totp",
  "POST two-factor/verify-backup-code": "backup_code",
};

/** The account an event is about, and who acted (a stranger's refused sign-ins: nobody). */
function self(
  user: { id: string; email: string },
  actor: Actor,
  sessionId: string | null = null,
): Self {
  return { actor, userId: user.id, email: user.email, sessionId };
}

const signedInBody = z.object({ user: z.object({ id: z.string(), email: z.string() }) });

/** The person a successful sign-in answer names; null when it asks for the second factor instead. */
async function signedInUser(res: Response) {
  const body: unknown = await res
    .clone()
    .json()
    .catch(() => null);
  if (typeof body === "object" && body !== null && "twoFactorRedirect" in body) return null;
  const parsed = signedInBody.safeParse(body);
  return parsed.success ? parsed.data.user : null;
}

/**
 * The auth HTTP endpoint: better-auth's handler, with e-mail sign-ins counted before the
 * password is checked and refused with 429 once an account or address has failed too often.
 */
export async function handleAuthRequest(
  auth: Auth,
  db: Db,
  req: Request,
  { demo = false }: { demo?: boolean } = {},
): Promise<Response> {
  const url = new URL(req.url);
  const endpoint = `${req.method} ${url.pathname.replace(/^.*\/api\/auth\//, "")}`;
  if (!openEndpoints.has(endpoint)) return Response.json({ code: "NOT_FOUND" }, { status: 404 });
  if (demo && endpoint === "POST two-factor/enable") {
    const session = await auth.api.getSession({ headers: req.headers });
    try {
      refuseForSharedDemoAccount(session?.user.email, demo);
    } catch (err) {
      const message = err instanceof Error ? err.message : "";
      return Response.json({ code: "DEMO_ACCOUNT_SHARED", message }, { status: 403 });
    }
  }
  if (auditedEndpoints[endpoint] || secondFactorSignIns[endpoint]) {
    return handleAudited(auth, db, req, endpoint);
  }
  if (endpoint !== "POST sign-in/email") return auth.handler(req);

  const email = await signInEmail(req);
  if (email === null) return auth.handler(req);
  // It keys the sign-in limits' rows, which cannot hold what no text may (a null character):
  // refused as the library refuses any e-mail that is not one.
  if (hiddenCharacterPath(email)) {
    return Response.json({ code: "INVALID_EMAIL", message: "Invalid email" }, { status: 400 });
  }
  const meta = requestMeta(req.headers);
  const subject = { email, ip: meta.ip };

  const { wait, firstRefused } = await reserveSignInAttemptCounted(db, subject);
  if (wait > 0) {
    // The burst is recorded once, when it reaches the limit, not at every refused attempt.
    const target = firstRefused ? await findUserByEmail(db, email) : null;
    if (target) {
      await recordAccountEvent(
        db,
        self(target, { userId: null, ...meta }),
        "account.sign_in.locked",
        { retryAfterSeconds: wait },
      );
    }
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
  if (res.ok) {
    await clearSignInFailures(db, subject);
    const user = await signedInUser(res);
    if (user) {
      await recordAccountEvent(db, self(user, { userId: user.id, ...meta }), "account.sign_in");
    }
  }
  return res;
}

/**
 * An account event, audited once it succeeded: with a session, the change the endpoint makes
 * (a confirmation code sent again once the factor is on changes nothing and is not recorded);
 * without one, a second factor that completes a sign-in.
 */
async function handleAudited(
  auth: Auth,
  db: Db,
  req: Request,
  endpoint: string,
): Promise<Response> {
  const session = await auth.api.getSession({ headers: req.headers });
  const res = await auth.handler(req);
  if (!res.ok) return res;
  const meta = requestMeta(req.headers);
  if (!session) {
    const secondFactor = secondFactorSignIns[endpoint];
    const user = secondFactor ? await signedInUser(res) : null;
    if (user) {
      await recordAccountEvent(db, self(user, { userId: user.id, ...meta }), "account.sign_in", {
        secondFactor,
      });
    }
    return res;
  }
  const action = auditedEndpoints[endpoint];
  if (!action) return res;
  if (action === "account.two_factor.enable" && session.user.twoFactorEnabled) return res;
  await recordAccountEvent(
    db,
    self(session.user, { userId: session.user.id, ...meta }, session.session.id),
    action,
  );
  return res;
}
