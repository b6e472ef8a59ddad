import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  isPayPage,
  strictTransportSecurity,
} from "./security-headers.logic";

const directives = (policy: string) =>
  Object.fromEntries(
    policy.split("; ").map((d) => {
      const [name, ...values] = d.split(" ");
      return [name, values];
    }),
  );

describe("contentSecurityPolicy", () => {
  it("runs only scripts carrying the response's nonce and what they load, never eval or inline", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "abc123", https: true, dev: false }));
    expect(csp["script-src"]).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["img-src"]).toEqual(["'self'", "blob:", "data:"]);
    expect(csp).toHaveProperty("upgrade-insecure-requests");
  });

  it("allows eval only under next dev, and upgrades requests only over https", () => {
    const dev = directives(contentSecurityPolicy({ nonce: "n", https: false, dev: true }));
    expect(dev["script-src"]).toContain("'unsafe-eval'");
    expect(dev).not.toHaveProperty("upgrade-insecure-requests");
  });
});

describe("strictTransportSecurity", () => {
  it("is sent over https with the configured age, never over http or with age 0", () => {
    expect(strictTransportSecurity(true, 31536000)).toBe("max-age=31536000; includeSubDomains");
    expect(strictTransportSecurity(false, 31536000)).toBeNull();
    expect(strictTransportSecurity(true, 0)).toBeNull();
  });
});

describe("the pay page's Stripe sources", () => {
  it("lets only the pay page load Stripe.js, its frames and its API", () => {
    const pay = directives(
      contentSecurityPolicy({ nonce: "n", https: true, dev: false, stripe: true }),
    );
    expect(pay["script-src"]).toEqual([
      "'self'",
      "'nonce-n'",
      "'strict-dynamic'",
      "https://js.stripe.com",
      "https://*.js.stripe.com",
    ]);
    expect(pay["frame-src"]).toEqual([
      "https://js.stripe.com",
      "https://*.js.stripe.com",
      "https://hooks.stripe.com",
    ]);
    expect(pay["connect-src"]).toEqual(["'self'", "https://api.stripe.com"]);
    expect(pay["frame-ancestors"]).toEqual(["'none'"]);

    const console = contentSecurityPolicy({ nonce: "n", https: true, dev: false });
    expect(console).not.toMatch(/stripe/);
    expect(directives(console)).not.toHaveProperty("frame-src");
  });

  it("counts as the pay page only /pay/<token>", () => {
    expect(isPayPage("/pay/AbC123xyz_-")).toBe(true);
    expect(isPayPage("/pay/AbC123xyz/")).toBe(true);
    for (const path of ["/", "/orders/1", "/pay", "/pay/", "/pay/a/b", "/sandbox/abc", "/payments"])
      expect(isPayPage(path), path).toBe(false);
  });
});
