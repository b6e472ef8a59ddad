import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { demoAccounts, demoPassword } from "@/db/seed/demo-accounts";
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

export async function signOut(page: Page) {
  await page.getByRole("button", { name: /Account menu|账户菜单/ }).click();
  await page.getByRole("menuitem", { name: /Sign out|退出登录/ }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}
