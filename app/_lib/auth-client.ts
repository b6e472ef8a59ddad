"use client";

export type SignInResult =
  | { ok: true }
  | {
      ok: false;
      reason: "wrongCredentials" | "tooMany" | "network" | "cookieRefused";
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
    if (res.ok)
      return (await sessionStuck()) ? { ok: true } : { ok: false, reason: "cookieRefused" };
    if (res.status === 429) {
      const retryAfter = Number(res.headers.get("retry-after") ?? 0);
      return { ok: false, reason: "tooMany", retryAfter };
    }
    if (res.status === 401 || res.status === 400) return { ok: false, reason: "wrongCredentials" };
    return { ok: false, reason: "network" };
  } catch {
    return { ok: false, reason: "network" };
  }
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

export async function signOut(): Promise<void> {
  await fetch("/api/auth/sign-out", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
}

/** Stores a console preference (language, merchant, store) for a year. */
export function setPreferenceCookie(name: string, value: string) {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
}
