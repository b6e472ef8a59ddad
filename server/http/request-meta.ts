/** Where a request came from, for the audit log and the sign-in throttle. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export function requestMeta(headers: Headers): RequestMeta {
  // The first hop of X-Forwarded-For is the client when the app sits behind a proxy.
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip") || null;
  return { ip, userAgent: headers.get("user-agent")?.slice(0, 400) ?? null };
}
