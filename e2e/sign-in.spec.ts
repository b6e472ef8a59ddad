import { expect, test } from "@playwright/test";
import { demoAccount, signInThroughForm, signOut } from "./fixtures";

const navByRole = {
  owner: [
    "Home",
    "Orders",
    "Redeem",
    "Shift",
    "Vouchers",
    "Promotions",
    "Payment methods",
    "Refunds",
    "Reconciliation",
    "Payment failures",
    "Alerts",
    "Customer feedback",
    "Analytics",
    "Reports",
    "Team",
    "Stores",
    "Guides",
    "Settings",
  ],
  manager: [
    "Home",
    "Orders",
    "Redeem",
    "Shift",
    "Vouchers",
    "Promotions",
    "Payment methods",
    "Refunds",
    "Reconciliation",
    "Payment failures",
    "Alerts",
    "Customer feedback",
    "Analytics",
    "Reports",
    "Stores",
    "Guides",
    "Settings",
  ],
  staff: [
    "Home",
    "Orders",
    "Redeem",
    "Shift",
    "Payment methods",
    "Refunds",
    "Payment failures",
    "Guides",
    "Settings",
  ],
  analyst: [
    "Home",
    "Orders",
    "Vouchers",
    "Payment methods",
    "Refunds",
    "Reconciliation",
    "Payment failures",
    "Analytics",
    "Reports",
    "Guides",
    "Settings",
  ],
} as const;

for (const role of ["owner", "manager", "staff", "analyst"] as const) {
  test(`the demo ${role} signs in, sees the areas of the role, and signs out`, async ({ page }) => {
    const account = demoAccount(role);
    await signInThroughForm(page, account);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(account.name);
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await expect(nav.getByRole("link")).toHaveText([...navByRole[role]]);
    await signOut(page);
    // Signed out: the console sends us back to sign-in.
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/sign-in$/);
  });
}

test("a wrong password is refused with a clear message and no session", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demoAccount("manager").email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That email and password do not match.")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("the sign-in page lists the demo accounts in demo mode", async ({ page }) => {
  await page.goto("/sign-in");
  const demo = page.getByRole("region", { name: "Demo accounts" });
  for (const role of ["owner", "manager", "staff", "analyst"] as const) {
    await expect(demo).toContainText(demoAccount(role).email);
  }
});
