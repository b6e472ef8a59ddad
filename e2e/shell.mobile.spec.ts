import { expect, test } from "@playwright/test";
import { demoAccount, signIn } from "./fixtures";

test("on a phone the sidebar is a drawer that opens, navigates and closes", async ({ page }) => {
  await signIn(page, demoAccount("manager"));
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  await expect(nav).toBeHidden();
  await page.getByRole("button", { name: "Open menu" }).click();
  const drawer = page.getByRole("dialog");
  await drawer.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(drawer).toBeHidden();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  // Nothing overflows sideways on a 390 px screen.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test("the team page fits a phone and keeps its actions", async ({ page }) => {
  await signIn(page, demoAccount("owner"));
  await page.goto("/team");
  await expect(page.getByRole("button", { name: "Add member" })).toBeVisible();
  await expect(page.getByLabel(`Role of ${demoAccount("staff").name}`)).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
