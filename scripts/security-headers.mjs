// The headers every answer carries, pages and API alike: next.config.ts gives them to Next's
// routes, and scripts/direct-routes.mjs to the calls it answers without Next. One list, so
// that the two never differ. (A page's Content-Security-Policy and HSTS are proxy.ts's.)

/** @type {{ key: string; value: string }[]} */
export const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=()" },
];
