/**
 * The Content-Security-Policy of a page: scripts only with this response's nonce, and what
 * they load ('strict-dynamic': Next.js adds its chunks from its own bootstrap script), so an
 * injected <script> or inline handler does not run. Styles allow inline: Radix and sonner set
 * style attributes, which a nonce cannot cover. Nothing is loaded from other hosts (guide
 * images included), nothing may frame the console, forms post only here. The one exception
 * is the customer's pay page, whose card form is Stripe's (see `stripeSources`).
 */
export function contentSecurityPolicy(opts: {
  nonce: string;
  https: boolean;
  /** `next dev` rebuilds server error stacks in the browser with eval. */
  dev: boolean;
  /** The pay page: Stripe.js, its frames and its API (never the console's pages). */
  stripe?: boolean;
}): string {
  const stripe = opts.stripe ? stripeSources : null;
  const extra = (sources: readonly string[] | undefined) =>
    sources?.length ? ` ${sources.join(" ")}` : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${extra(stripe?.script)}${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${extra(stripe?.connect)}`,
    ...(stripe ? [`frame-src${extra(stripe.frame)}`] : []),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Over plain http (a counter tablet on the shop's network) there is nothing to upgrade to.
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * What Stripe.js needs (docs.stripe.com/security/guide#content-security-policy): its script
 * from js.stripe.com, its frames there and on hooks.stripe.com (3-D Secure), its calls to
 * api.stripe.com. Under 'strict-dynamic' browsers that know it trust the nonce, not the host;
 * the host is what older browsers go by.
 */
const stripeSources = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com"],
  frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
  connect: ["https://api.stripe.com"],
} as const;

/** Whether a page is the customer's pay page, the only one that may load Stripe.js. */
export function isPayPage(pathname: string): boolean {
  return /^\/pay\/[^/]+\/?$/.test(pathname);
}

/**
 * Strict-Transport-Security, only on a response served over https (browsers ignore it over
 * http, and a shop reached by http on its own network must stay reachable); null when off.
 */
export function strictTransportSecurity(https: boolean, maxAgeSeconds: number): string | null {
  if (!https || maxAgeSeconds <= 0) return null;
  return `max-age=${maxAgeSeconds}; includeSubDomains`;
}
