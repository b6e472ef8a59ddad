/**
 * Whether a state-changing request comes from a page of another site. Browsers send `Origin`
 * on every cross-origin POST; it must name this server as the browser reached it (its Host
 * header) or its public address (APP_URL, behind a proxy that rewrites Host). A request with
 * no Origin is not a browser's cross-site one (curl, the provider's servers) and the session
 * cookie (SameSite=Lax) already keeps it from riding on a visitor's session.
 */
export function isForeignOrigin(opts: {
  origin: string | null;
  secFetchSite: string | null;
  host: string | null;
  appUrl: string | undefined;
}): boolean {
  if (opts.secFetchSite === "cross-site") return true;
  if (!opts.origin) return false;
  let origin: URL;
  try {
    origin = new URL(opts.origin);
  } catch {
    // "null" (a sandboxed frame, a file) or garbage: not this site.
    return true;
  }
  if (opts.host && origin.host === opts.host.toLowerCase()) return false;
  return !(opts.appUrl && origin.origin === new URL(opts.appUrl).origin);
}

/** isForeignOrigin as a request's headers tell it: every change the console makes (tRPC, uploads, the backup). */
export function isForeignRequest(headers: Headers, appUrl: string | undefined): boolean {
  return isForeignOrigin({
    origin: headers.get("origin"),
    secFetchSite: headers.get("sec-fetch-site"),
    host: headers.get("host"),
    appUrl,
  });
}
