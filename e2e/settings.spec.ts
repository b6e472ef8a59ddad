import AxeBuilder from "@axe-core/playwright";
import { expect, openSignedIn, test, violationsOnly } from "./fixtures";

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

test("the owner keeps raw provider messages for a chosen number of days", async ({
  ownerPage: page,
}) => {
  await page.goto("/settings");
  const card = page.getByRole("region", { name: "Practice shop" });
  await expect(card).toContainText("No one has opened the practice shop yet.");
  const days = page.getByLabel("Keep raw provider messages for (days)");
  await expect(days).toHaveValue("365");
  const save = page.locator("form").filter({ has: days }).getByRole("button", { name: "Save" });
  await days.fill("7");
  await save.click();
  await expect(page.getByText("Enter a whole number of days from 30 to 3650.")).toBeVisible();
  await expect(days).toHaveAttribute("aria-invalid", "true");
  await days.fill("90");
  await save.click();
  await expect(page.getByText("Retention saved.")).toBeVisible();
  await page.reload();
  await expect(days).toHaveValue("90");
});

test("sign-in, home, team and settings have no serious accessibility violations", async ({
  page,
  merchant,
}) => {
  test.slow(); // four pages, each analysed whole by axe (as guides.spec.ts's scan)
  const check = async () => {
    const results = await new AxeBuilder({ page }).options(violationsOnly).analyze();
    const serious = results.violations.filter(
      (v) => v.impact === "serious" || v.impact === "critical",
    );
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ).toEqual([]);
  };
  await page.goto("/sign-in");
  await check();
  await openSignedIn(page, merchant.accounts.owner);
  await check();
  await page.goto("/team");
  await expect(page.getByRole("table")).toBeVisible();
  await check();
  await page.goto("/settings");
  await check();
});
