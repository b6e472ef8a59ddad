import type { Page } from "@playwright/test";
import { totpFromUri } from "@/test/totp";
import { expect, signInThroughForm, signOut, submitSignIn, test } from "./fixtures";
import { mutate } from "./trpc-http";

/** Reads the key shown for typing by hand and answers as an authenticator app would. */
async function codeFromShownKey(page: Page): Promise<() => string> {
  const key = (await page.locator("code").first().innerText()).replace(/\s+/g, "");
  return () => totpFromUri(`otpauth://totp/Hexiao:test?secret=${key}`);
}

test("a manager sets up an authenticator, then signs in with its code or a backup code", async ({
  page,
  merchant,
}) => {
  test.slow();
  const manager = merchant.accounts.manager;
  await signInThroughForm(page, manager);
  await page.goto("/account");
  const card = page.locator("#two-factor");
  await card.getByRole("button", { name: "Set up" }).click();
  await card.getByLabel("Your password").fill("not-my-password");
  await card.getByRole("button", { name: "Continue" }).click();
  await expect(card.getByRole("alert")).toHaveText("That password is wrong.");
  await card.getByLabel("Your password").fill(manager.password);
  await card.getByRole("button", { name: "Continue" }).click();

  await expect(
    card.getByRole("img", { name: "QR code to add Hexiao to an authenticator app" }),
  ).toBeVisible();
  const codes = await card.getByRole("list", { name: "Backup codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const backupCode = await codes.first().innerText();
  const code = await codeFromShownKey(page);
  await card.getByLabel("The 6-digit code the app shows now").fill(code());
  await card.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("Two-factor sign-in is on.")).toBeVisible();
  await expect(card.getByText("On", { exact: true })).toBeVisible();
  await signOut(page);

  // The password alone no longer opens the console.
  await submitSignIn(page, manager.email, manager.password);
  await expect(page.getByRole("heading", { name: "Enter your sign-in code" })).toBeVisible();
  await page.getByLabel("Authentication code").fill("000000");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText("That code is not right");
  await page.getByLabel("Authentication code").fill(code());
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  await signOut(page);

  await submitSignIn(page, manager.email, manager.password);
  await page.getByRole("button", { name: "Use a backup code instead" }).click();
  await page.getByLabel("Backup code").fill(backupCode);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
});

test("店主要求收银员使用两步验证：收银员登录后先设置（中文）", async ({
  browser,
  ownerPage,
  merchant,
}) => {
  test.slow();
  await mutate(ownerPage, "merchant.updateTwoFactorRoles", { roles: ["staff"] });
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await submitSignIn(page, merchant.accounts.staff.email, merchant.accounts.staff.password);
  await expect(page).toHaveURL(/\/two-factor-setup$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("设置两步验证登录");
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/two-factor-setup$/);

  await page.getByRole("button", { name: "设置" }).click();
  await page.getByLabel("您的密码").fill(merchant.accounts.staff.password);
  await page.getByRole("button", { name: "继续" }).click();
  const code = await codeFromShownKey(page);
  await page.getByLabel("应用当前显示的 6 位验证码").fill(code());
  await page.getByRole("button", { name: "确认" }).click();
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  await expect(page.getByRole("main")).toBeVisible();
  await context.close();

  // The owner sees it on the team page.
  await ownerPage.goto("/team");
  await expect(
    ownerPage.getByRole("row").filter({ hasText: merchant.accounts.staff.email }),
  ).toContainText("Two-factor");
});
