import { expect, randomEmail, signInThroughForm, signOut, submitSignIn, test } from "./fixtures";
import type { Page } from "@playwright/test";

async function choosePassword(page: Page, current: string, next: string) {
  await page.getByLabel("Current password").fill(current);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("New password again").fill(next);
}

test("a new member chooses their own password at first sign-in, and again after the owner resets it", async ({
  page,
  merchant,
}) => {
  // One long journey: four sign-ins and two password changes.
  test.slow();
  const email = randomEmail("analyst");
  const name = `Fresh Analyst ${email.slice(8, 16)}`;
  await signInThroughForm(page, merchant.accounts.owner);
  await page.goto("/team");
  await page.getByRole("button", { name: "Add member" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Role").selectOption("analyst");
  await dialog.getByLabel("First password").fill("first-pass-456");
  await dialog.getByRole("button", { name: "Save invitation" }).click();
  await expect(dialog).toBeHidden();
  // Not on the team yet: an invitation, accepted by choosing their own password.
  await expect(
    page.getByRole("table", { name: "Invitations awaiting an answer" }).getByRole("row", {
      name: new RegExp(email),
    }),
  ).toBeVisible();
  await signOut(page);

  // The first password opens only the change-password screen.
  await submitSignIn(page, email, "first-pass-456");
  await expect(page).toHaveURL(/\/change-password$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose your own password");
  await page.goto("/analytics");
  await expect(page).toHaveURL(/\/change-password$/);

  await choosePassword(page, "first-pass-456", "first-pass-456");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText("must differ");
  await choosePassword(page, "first-pass-456", "analyst-own-789");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);

  // This device is listed on the account page, reached from the account menu.
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Password and devices" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(
    page.getByRole("list", { name: "Signed-in devices" }).getByRole("listitem"),
  ).toContainText(["This device"]);
  await signOut(page);

  await submitSignIn(page, email, "first-pass-456");
  await expect(page.locator("form").getByRole("alert")).toContainText("do not match");
  await signInThroughForm(page, { email, password: "analyst-own-789" });
  await signOut(page);

  // The owner resets it: a temporary password, to be replaced again at the next sign-in.
  await signInThroughForm(page, merchant.accounts.owner);
  await page.goto("/team");
  await page.getByRole("button", { name: `Reset the password of ${name}` }).click();
  const reset = page.getByRole("dialog", { name: `Reset the password of ${name}` });
  await reset.getByLabel("Temporary password").fill("temporary-321");
  await reset.getByRole("button", { name: "Reset password" }).click();
  await expect(reset).toBeHidden();
  await expect(page.getByText(`Password reset. ${name} was signed out`)).toBeVisible();
  // Owners' own rows offer no reset: they change their password themselves.
  await expect(
    page.getByRole("button", { name: /Reset the password of .*Owner|Reset the password of 店主/ }),
  ).toHaveCount(0);
  await signOut(page);

  await submitSignIn(page, email, "temporary-321");
  await expect(page).toHaveURL(/\/change-password$/);
  await choosePassword(page, "temporary-321", "analyst-new-000");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(/\/$/);
});
