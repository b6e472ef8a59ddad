import { expect, test } from "@playwright/test";
import { demoAccount, expectNoPageOverflow, signIn } from "./fixtures";

test("on a phone the risk rules fit the screen", async ({ page }) => {
  await signIn(page, demoAccount("owner"));
  await page.goto("/settings");
  await page.getByRole("button", { name: "Change the rules" }).click();
  const rule = page.getByRole("form", { name: "Staff activity" });
  await expect(rule.getByLabel("Times the store's median")).toBeVisible();
  await expectNoPageOverflow(page);
});
