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

test.describe("中文", () => {
  test.use({ locale: "zh-CN" });

  test("店主修改币种和时区：列表在浏览器中按中文命名，页面本身不带整张列表", async ({
    ownerPage: page,
  }) => {
    // The document carries the current values only; the lists come from /api/intl-choices.
    const html = await (await page.request.get("/settings")).text();
    expect(html).not.toContain("Pacific/Chatham");
    expect(html).not.toContain("ZWL");

    await page.goto("/settings");
    const currency = page.getByLabel("默认币种");
    await expect(currency.locator("option:checked")).toHaveText("CNY · 人民币");
    await currency.selectOption("HKD");
    await expect(currency.locator("option:checked")).toHaveText("HKD · 港元");
    const zone = page.getByLabel("时区");
    await zone.selectOption("Asia/Tokyo");
    await expect(zone.locator("option:checked")).toHaveText("Asia/Tokyo (UTC+09:00)");
    await page.getByRole("button", { name: "保存修改" }).click();
    await expect(page.getByText("设置已保存")).toBeVisible();
    await page.reload();
    await expect(currency).toHaveValue("HKD");
    await expect(zone).toHaveValue("Asia/Tokyo");
    // Grouped by region, in Chinese, the shop's zone first.
    await expect(zone.locator("optgroup").first()).toHaveAttribute("label", /.+/);
    await expect(zone.locator("optgroup").first().locator("option").first()).toHaveText(
      "Asia/Tokyo (UTC+09:00)",
    );
  });
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
