import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * Holds every request for `pathname` (the page's document, its RSC payload, a prefetch of it)
 * until the returned function is called, as a slow network would.
 */
async function hold(page: Page, pathname: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname === pathname,
    async (route) => {
      await released;
      // The router may have given the request up meanwhile (a later click took its place).
      await route.continue().catch(() => {});
    },
  );
  return release;
}

test("a sidebar link shows the tap was taken until the next page is in", async ({
  ownerPage: page,
}) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  const orders = nav.getByRole("link", { name: "Orders", exact: true });
  const release = await hold(page, "/orders");
  await orders.click();
  await expect(orders.locator("[data-link-pending]")).toBeVisible();
  // The page shown stays until the next one is in.
  await expect(page).toHaveURL(/\/$/);
  release();
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(nav.locator("[data-link-pending]")).toHaveCount(0);
});

test("a link's mark ends when another link's page takes its place", async ({ ownerPage: page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  const orders = nav.getByRole("link", { name: "Orders", exact: true });
  const release = await hold(page, "/orders");
  await orders.click();
  await expect(orders.locator("[data-link-pending]")).toBeVisible();
  await nav.getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(nav.locator("[data-link-pending]")).toHaveCount(0);
  release();
  await expect(page).toHaveURL(/\/settings$/);
});

test("a ctrl- or cmd-click opens the page in a new tab and leaves this one alone", async ({
  ownerPage: page,
}) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  const opened = page.context().waitForEvent("page");
  await nav
    .getByRole("link", { name: "Orders", exact: true })
    .click({ modifiers: ["ControlOrMeta"] });
  const tab = await opened;
  await expect(tab).toHaveURL(/\/orders$/);
  await tab.close();
  await expect(page).toHaveURL(/\/$/);
  await expect(nav.locator("[data-link-pending]")).toHaveCount(0);
});

test("back and forward move through the pages the links opened", async ({ ownerPage: page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  await nav.getByRole("link", { name: "Orders", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await nav.getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await page.goForward();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
});
