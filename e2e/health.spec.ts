import { expect, test } from "@playwright/test";

// The probe load balancers and the e2e web server wait on: it must answer only once the
// embedded database is open and migrated.
test("GET /api/health reports the embedded database, migrated", async ({ page }) => {
  const response = await page.goto("/api/health");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toContain("no-store");
  expect(await response?.json()).toEqual({ status: "ok", db: "pglite", migrations: "current" });
});
