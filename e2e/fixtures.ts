import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { demoAccounts, demoPassword } from "@/server/demo/demo-accounts";
import type { Role } from "@/server/auth/roles.logic";

export { demoPassword };

export function demoAccount(role: Role) {
  const account = demoAccounts.find((a) => a.role === role);
  if (!account) throw new Error(`no demo account for ${role}`);
  return account;
}

/** A random e-mail, so that tests that add people never collide with each other. */
export function randomEmail(label: string) {
  return `${label}-${randomBytes(4).toString("hex")}@e2e.example`;
}

/** Signs in through the form, as a person would, and waits for the console's home. */
export async function signIn(page: Page, email: string, password = demoPassword) {
  await page.goto("/sign-in");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("form button[type=submit]").click();
  // Signing in hashes a password and renders Home on the server: on a busy machine that can
  // take longer than the default 5 s, which says nothing about the product.
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  await expect(page.getByRole("main")).toBeVisible();
}

/**
 * Signs in a member the owner just added: the first password opens only the change-password
 * screen (a password someone else chose), so the member chooses their own and lands on Home.
 * Works in either language. Returns the member's own password.
 */
export async function signInNewMember(page: Page, email: string, firstPassword: string) {
  await page.goto("/sign-in");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(firstPassword);
  await page.locator("form button[type=submit]").click();
  await expect(page).toHaveURL(/\/change-password$/, { timeout: 30_000 });
  const own = `own-${randomBytes(6).toString("hex")}`;
  await page.getByLabel(/^(Current password|当前密码)$/).fill(firstPassword);
  await page.getByLabel(/^(New password|新密码)$/).fill(own);
  await page.getByLabel(/^(New password again|再次输入新密码)$/).fill(own);
  await page.getByRole("button", { name: /Save and continue|保存并继续/ }).click();
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  await expect(page.getByRole("main")).toBeVisible();
  return own;
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: /Account menu|账户菜单/ }).click();
  await page.getByRole("menuitem", { name: /Sign out|退出登录/ }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

/** The page never scrolls sideways (a phone shows every column, or none needs more room). */
export async function expectNoPageOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}
