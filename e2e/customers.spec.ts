import { expect, test } from "@playwright/test";
import { demoAccount, expectNoPageOverflow, signIn } from "./fixtures";

test("the owner reads the demo's customer habits and is told when no customer matches", async ({
  page,
}) => {
  await signIn(page, demoAccount("owner"));
  await page.goto("/analytics?tab=customers&preset=90d");
  await expect(page.getByRole("button", { name: "Customers" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  // The demo's regulars: counted per method and segment, never named.
  await expect(page.getByText("Customers recognised", { exact: true })).toBeVisible();
  const mix = page.getByRole("table", {
    name: "Paid orders of new and returning customers per payment method",
  });
  await expect(mix.getByRole("columnheader", { name: "Share of returning" })).toBeVisible();
  expect(await mix.getByRole("row").count()).toBeGreaterThan(1);
  await expect(
    page.getByRole("table", { name: "Lifetime value by first method" }).getByRole("row"),
  ).not.toHaveCount(0);
  await expect(page.getByText(/\+86 139/)).toHaveCount(0);

  await page.getByLabel("Customer's phone or e-mail").fill("nobody@example.com");
  await page.getByRole("button", { name: "Erase…" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog.getByText("Erase this customer's data?")).toBeVisible();
  await dialog.getByRole("button", { name: "Erase for good" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "No customer matches this order or contact.",
  );

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByLabel("View")).toBeVisible();
  await expectNoPageOverflow(page);
});

test("客户视图：店主删除一位顾客的数据", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await signIn(page, demoAccount("owner"));
  await page.goto("/analytics?tab=customers&preset=90d");
  await expect(page.getByText("已识别顾客", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "按首次支付方式的顾客终身价值" })).toBeVisible();
  // A demo regular's number, typed as a customer would say it.
  await page.getByLabel("顾客的电话或邮箱").fill("+86 139-0007-2026");
  await page.getByRole("button", { name: "删除…" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "永久删除" }).click();
  await expect(page.getByText(/已删除：清除了 \d+ 笔订单的联系方式/)).toBeVisible();
  await context.close();
});
