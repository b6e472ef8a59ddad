import AxeBuilder from "@axe-core/playwright";
import { expect, signIn, test } from "./fixtures";

test("the owner changes the shop's time zone and it is kept", async ({ ownerPage: page }) => {
  await page.goto("/settings");
  await page.getByLabel("Time zone").selectOption("Europe/Paris");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Paris");
});

test("an empty shop name is refused next to the field, in the user's language", async ({
  ownerPage: page,
}) => {
  await page.goto("/settings");
  const name = page.getByLabel("Shop name");
  await name.fill("   ");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("This field is required.")).toBeVisible();
  await expect(name).toHaveAttribute("aria-invalid", "true");
});

test("sign-in, home, team and settings have no serious accessibility violations", async ({
  page,
  merchant,
}) => {
  const check = async () => {
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter(
      (v) => v.impact === "serious" || v.impact === "critical",
    );
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ).toEqual([]);
  };
  await page.goto("/sign-in");
  await check();
  await signIn(page, merchant.accounts.owner);
  await check();
  await page.goto("/team");
  await expect(page.getByRole("table")).toBeVisible();
  await check();
  await page.goto("/settings");
  await check();
});
