import { expect, test } from "./fixtures";

const alipay = "模拟支付宝 Simulated Alipay";

/**
 * A manager starts a wallet promotion; at the counter the wallet's request shows the original,
 * the discount and the amount to pay, and so does the customer's pay page in their language.
 */
test("a promotion's discount shows at the counter and on the pay page, in both languages", async ({
  managerPage: page,
  browser,
}) => {
  test.slow();
  await page.goto("/promotions");
  await expect(page.getByRole("heading", { name: "Promotions", level: 1 })).toBeVisible();
  await expect(page.getByText("No promotions yet. Start one below.")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Wallet week");
  await page.getByLabel("Total budget (CNY)").fill("100");
  await page.getByLabel("First day").fill("2020-01-01");
  await page.getByLabel("Last day").fill("2099-12-31");
  await page.getByLabel("Amount off (CNY)").fill("5");
  await page.getByRole("button", { name: "Start promotion" }).click();
  await expect(page.getByRole("link", { name: "Wallet week" })).toBeVisible();

  await page.goto("/orders/new");
  const row = page.getByRole("group", { name: "Item 1", exact: true });
  await row.getByLabel("Item name").fill("Flat white");
  await row.getByLabel("Qty").fill("1");
  await row.getByLabel("Unit price").fill("32");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: alipay, exact: true }).click();
  await expect(page.getByRole("img", { name: "Payment QR code" })).toBeVisible();
  await expect(page.getByTestId("promotion-discount")).toContainText("Original");
  await expect(page.getByTestId("promotion-discount")).toContainText("32.00");
  await expect(page.getByTestId("promotion-discount")).toContainText("5.00");
  await expect(page.getByText("CN¥27.00").first()).toBeVisible();
  const payPath = await page.getByRole("link", { name: "Open pay page" }).getAttribute("href");

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "zh-CN",
  });
  const customer = await phone.newPage();
  await customer.goto(payPath!);
  await expect(customer.getByText("¥27.00").first()).toBeVisible();
  await expect(customer.getByTestId("promotion-discount")).toContainText("原价");
  await expect(customer.getByTestId("promotion-discount")).toContainText("促销优惠");
  await expect(customer.getByTestId("promotion-discount")).toContainText("¥32.00");
  await phone.close();

  // The promotion's page: one request holds its discount; nothing paid yet, too thin to judge.
  await page.goto("/promotions");
  await page.getByRole("link", { name: "Wallet week" }).click();
  await expect(page.getByRole("heading", { name: "Wallet week", level: 1 })).toBeVisible();
  await expect(page.getByText("Too thin to say", { exact: false })).toBeVisible();
});
