"use client";

export type SignInResult =
  | { ok: true }
  /** The password was right; an authenticator or backup code is asked next (verifySecondFactor). */
  | { ok: "secondFactor" }
  | {
      ok: false;
      reason: "wrongCredentials" | "tooMany" | "network" | "cookieRefused" | "foreignOrigin";
      retryAfter?: number;
    };

/** E-mail + password sign-in through /api/auth; the session cookie is set by the response. */
export async function signIn(email: string, password: string): Promise<SignInResult> {
  try {
    const res = await fetch("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password, rememberMe: true }),
    });
    if (res.ok) {
      const body = (await res.json().catch(() => null)) as { twoFactorRedirect?: boolean } | null;
      if (body?.twoFactorRedirect) return { ok: "secondFactor" };
      return (await sessionStuck()) ? { ok: true } : { ok: false, reason: "cookieRefused" };
    }
    if (res.status === 429) {
      const retryAfter = Number(res.headers.get("retry-after") ?? 0);
      return { ok: false, reason: "tooMany", retryAfter };
    }
    if (res.status === 401 || res.status === 400) return { ok: false, reason: "wrongCredentials" };
    // The auth server trusts only the address it was reached at (server/auth/auth.ts): a page
    // served from another origin, or a proxy that rewrites the Host header, is refused so.
    if (res.status === 403 && (await errorCode(res)) === "INVALID_ORIGIN")
      return { ok: false, reason: "foreignOrigin" };
    return { ok: false, reason: "network" };
  } catch {
    return { ok: false, reason: "network" };
  }
}

/** The code of an auth refusal's JSON body (better-auth's error codes), if it has one. */
async function errorCode(res: Response): Promise<string | undefined> {
  const body = (await res.json().catch(() => null)) as { code?: string } | null;
  return body?.code;
}

/**
 * Whether the browser kept the session cookie the sign-in just set. It silently drops a
 * cookie it refuses (a Secure one over plain http, cookies blocked), which would otherwise
 * bring the person back to an empty sign-in form with no word of why.
 */
async function sessionStuck(): Promise<boolean> {
  const res = await fetch("/api/auth/get-session", { cache: "no-store" });
  if (!res.ok) return false;
  const body = (await res.json().catch(() => null)) as { session?: unknown } | null;
  return !!body?.session;
}

export type SecondFactorResult =
  | { ok: true }
  | {
      ok: false;
      reason: "wrongCode" | "challengeExpired" | "locked" | "network" | "cookieRefused";
    };

/**
 * The second step of a sign-in: a code from the authenticator app, or one of the backup
 * codes (each works once). The challenge lasts 10 minutes and allows 5 tries.
 */
export async function verifySecondFactor(
  code: string,
  kind: "totp" | "backup",
): Promise<SecondFactorResult> {
  try {
    const res = await fetch(
      kind === "totp"
        ? "/api/auth/two-factor/verify-totp"
        : "/api/auth/two-factor/verify-backup-code",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: code.replace(/\s+/g, "") }),
      },
    );
    if (res.ok)
      return (await sessionStuck()) ? { ok: true } : { ok: false, reason: "cookieRefused" };
    if (res.status === 429) return { ok: false, reason: "locked" };
    const refusal = await errorCode(res);
    if (refusal === "INVALID_CODE" || refusal === "INVALID_BACKUP_CODE")
      return { ok: false, reason: "wrongCode" };
    if (res.status === 400 || res.status === 401) return { ok: false, reason: "challengeExpired" };
    return { ok: false, reason: "network" };
  } catch {
    return { ok: false, reason: "network" };
  }
}

/** A POST to one of the auth library's own endpoints, as JSON; the parsed body or an error code. */
export async function authPost<T>(
  path: string,
  body: Record<string, unknown>,
): Promise<{ ok: true; data: T } | { ok: false; code: string }> {
  try {
    const res = await fetch(`/api/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = (await res.json().catch(() => null)) as (T & { code?: string }) | null;
    if (res.ok && data) return { ok: true, data };
    return { ok: false, code: data?.code ?? (res.status === 429 ? "TOO_MANY" : "NETWORK") };
  } catch {
    return { ok: false, code: "NETWORK" };
  }
}
