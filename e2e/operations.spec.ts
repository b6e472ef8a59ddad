import { expect, expectNoPageOverflow, test } from "./fixtures";

test("the owner opens Operations from Settings, in English and in Chinese, on a wide screen and a phone", async ({
  ownerPage: page,
}) => {
  await page.goto("/settings");
  await page.getByRole("link", { name: "Open operations" }).click();
  await expect(page).toHaveURL(/\/settings\/operations$/);
  await expect(page.getByRole("heading", { level: 1, name: "Operations" })).toBeVisible();
  await expect(page.getByText("Embedded (PGlite)")).toBeVisible();
  await expect(page.getByText("Schema version")).toBeVisible();
  await expect(page.getByText("Expire overdue payment requests")).toBeVisible();
  await expect(page.getByText("Send customer e-mails")).toBeVisible();
  await expect(page.getByText("Next scheduled backup")).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Operations" })).toBeVisible();
  await expectNoPageOverflow(page);
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole("button", { name: "Language" }).click();
  await page.getByRole("menuitemradio", { name: "简体中文" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "运行状况" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "后台任务" })).toBeVisible();
  await expect(page.getByText("关闭已过期的收款请求")).toBeVisible();
});

test("a cashier cannot open Operations, nor find it in Settings", async ({ staffPage: page }) => {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open operations" })).toHaveCount(0);
  await page.goto("/settings/operations");
  await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
  await expect(page.getByText("Background jobs")).toHaveCount(0);
});
