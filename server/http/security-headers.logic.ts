/**
 * The Content-Security-Policy of a page: scripts only with this response's nonce, and what
 * they load ('strict-dynamic': Next.js adds its chunks from its own bootstrap script), so an
 * injected <script> or inline handler does not run. Styles allow inline: Radix and sonner set
 * style attributes, which a nonce cannot cover. Nothing is loaded from other hosts (guide
 * images included), nothing may frame the console, forms post only here.
 */
export function contentSecurityPolicy(opts: {
  nonce: string;
  https: boolean;
  /** `next dev` rebuilds server error stacks in the browser with eval. */
  dev: boolean;
}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Over plain http (a counter tablet on the shop's network) there is nothing to upgrade to.
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * Strict-Transport-Security, only on a response served over https (browsers ignore it over
 * http, and a shop reached by http on its own network must stay reachable); null when off.
 */
export function strictTransportSecurity(https: boolean, maxAgeSeconds: number): string | null {
  if (!https || maxAgeSeconds <= 0) return null;
  return `max-age=${maxAgeSeconds}; includeSubDomains`;
}
