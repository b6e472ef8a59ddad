import { expect, test } from "./fixtures";

const alipay = "模拟支付宝 Simulated Alipay";

/**
 * The heart of the product, as two people do it: the cashier creates an order and shows the
 * QR; the customer, on another device, opens it and pays in the sandbox wallet; the
 * wallet's signed notification reaches the server; the counter turns Paid without a reload.
 */
test("the counter shows Paid, without reloading, once the customer pays in the wallet", async ({
  staffPage: page,
  browser,
}) => {
  test.slow();
  await page.goto("/orders/new");
  const row = page.getByRole("group", { name: "Item 1", exact: true });
  await row.getByLabel("Item name").fill("Flat white");
  await row.getByLabel("Qty").fill("1");
  await row.getByLabel("Unit price").fill("32");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);

  await page.getByRole("button", { name: alipay, exact: true }).click();
  await expect(page.getByRole("img", { name: "Payment QR code" })).toBeVisible();
  const payPath = await page.getByRole("link", { name: "Open pay page" }).getAttribute("href");
  expect(payPath).toMatch(/^\/pay\/[\w-]{20,}$/);
  // Proof that the counter page is never reloaded: a marker that a reload would wipe.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  // The customer's phone: no session, another browser context.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "zh-CN",
  });
  const customer = await phone.newPage();
  await customer.goto(payPath!);
  await expect(customer.getByText("¥32.00").first()).toBeVisible();
  await customer.getByRole("link", { name: `使用${alipay}付款` }).click();
  await customer.getByLabel("支付密码").fill("123456");
  await customer.getByRole("radio", { name: "付款" }).check();
  await customer.getByRole("button", { name: "确认付款" }).click();
  await expect(customer.getByRole("heading", { name: "支付成功" })).toBeVisible({
    timeout: 20_000,
  });

  await expect(page.getByTestId("paid-state")).toHaveText("Paid", { timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(
    true,
  );
  // 0.6% of ¥32.00 = ¥0.192, rounded half up to the fen.
  await expect(page.getByText("CN¥0.19").first()).toBeVisible();
  await phone.close();
});
