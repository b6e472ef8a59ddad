import { expect, expectNoPageOverflow, test } from "./fixtures";

test("on a phone the owner picks the shop's time zone and currency from the full lists", async ({
  ownerPage: page,
}) => {
  await page.goto("/settings");
  const zone = page.getByLabel("Time zone");
  const currency = page.getByLabel("Default currency");
  // The lists are fetched once the page runs: the phone's wheel then offers every zone.
  await expect.poll(() => zone.locator("option").count()).toBeGreaterThan(300);
  await expect.poll(() => currency.locator("option").count()).toBeGreaterThan(100);
  await expect(currency.locator("option:checked")).toHaveText("CNY · Chinese Yuan");
  await zone.selectOption("Europe/London");
  await currency.selectOption("GBP");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  await page.reload();
  await expect(zone).toHaveValue("Europe/London");
  await expect(currency).toHaveValue("GBP");
  await expectNoPageOverflow(page);
});
