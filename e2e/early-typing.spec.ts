import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { grouped, paidVoucherCode } from "./voucher-fixtures";

/**
 * A slow tablet shows the server's HTML well before the page's script runs, and the cashier
 * (or a scanner gun) types into it. The page's scripts are held here until the typing is
 * done, as a slow network would hold them: what was typed must reach the form once it runs.
 * Returns what lets them through.
 */
async function holdScripts(page: Page) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  // A routed page skips the browser's cache, so every script waits here.
  await page.route("**/_next/static/**/*.js", async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

test("what a cashier types before the new-order form is ready is kept and sent", async ({
  staffPage: page,
}) => {
  const release = await holdScripts(page);
  await page.goto("/orders/new", { waitUntil: "domcontentloaded" });
  const create = page.getByRole("button", { name: "Create order" });
  await expect(create).toBeDisabled(); // the server's HTML, no script yet
  const row = page.getByRole("group", { name: "Item 1", exact: true });
  await row.getByLabel("Item name").fill("Early jasmine tea");
  await row.getByLabel("Unit price").fill("12.5");
  await page.getByText("Online", { exact: true }).click();
  await page.getByLabel("Note").fill("typed before the page was ready");

  release();
  await expect(create).toBeEnabled(); // hydrated
  await expect(page.getByLabel("Note")).toHaveValue("typed before the page was ready");
  await expect(row.getByText("¥12.50")).toBeVisible(); // the line's total: the form counts it
  await create.click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Early jasmine tea")).toBeVisible();
  await expect(page.getByText("typed before the page was ready")).toBeVisible();
  await expect(page.getByText("¥12.50").first()).toBeVisible();
  await expect(page.getByText("Online", { exact: true })).toBeVisible();
});

test("a code scanned before the redeem screen is ready is checked once it is", async ({
  staffPage: page,
}) => {
  const { code } = await paidVoucherCode(page);
  const release = await holdScripts(page);
  await page.goto("/redeem", { waitUntil: "domcontentloaded" });
  // A scanner gun types the code and presses Enter: with no script yet, the browser itself
  // submits the form.
  const input = page.getByLabel("Voucher code");
  await input.fill(grouped(code));
  await input.press("Enter");
  await expect(page).toHaveURL(/\/redeem\?code=/);

  release();
  const verdict = page.getByRole("status").filter({ has: page.getByRole("heading") });
  await expect(verdict.getByRole("heading")).toHaveText("Valid");
  await expect(input).toHaveValue(grouped(code));
  await expect(page).toHaveURL(/\/redeem$/); // a reload does not check it again
  await verdict.getByRole("button", { name: "Redeem now" }).click();
  await expect(verdict.getByRole("heading")).toHaveText("Redeemed");
});
