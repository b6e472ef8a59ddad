import { expect, test } from "./fixtures";

const alipay = "模拟支付宝 Simulated Alipay";

/**
 * A lost notification (主动查单): the customer pays in the sandbox wallet, which never tells
 * the shop. The cashier asks the wallet with "Check payment" and the order turns paid, the
 * timeline saying it was settled by asking the provider.
 */
test("a payment whose notification never came is settled by asking the provider", async ({
  staffPage: page,
  browser,
}) => {
  test.slow();
  await page.goto("/orders/new");
  const row = page.getByRole("group", { name: "Item 1", exact: true });
  await row.getByLabel("Item name").fill("Cortado");
  await row.getByLabel("Qty").fill("1");
  await row.getByLabel("Unit price").fill("28");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: alipay, exact: true }).click();
  const payPath = await page.getByRole("link", { name: "Open pay page" }).getAttribute("href");

  // Nothing paid yet: the provider says so.
  await page.getByRole("button", { name: "Check payment" }).click();
  await expect(page.getByText("The provider has no payment for this request yet")).toBeVisible();

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const customer = await phone.newPage();
  await customer.goto(payPath!);
  await customer.getByRole("link", { name: `Pay with ${alipay}` }).click();
  await customer.getByLabel("PIN").fill("123456");
  await customer.getByRole("radio", { name: "No callback (timeout)" }).check();
  await customer.getByRole("button", { name: "Confirm payment" }).click();
  await expect(customer.getByText("a lost notification")).toBeVisible();
  await phone.close();

  // No notification comes; the counter still waits until the cashier asks.
  await expect(page.getByTestId("paid-state")).toHaveCount(0);
  await page.getByRole("button", { name: "Check payment" }).click();
  await expect(page.getByText("The provider confirmed the payment")).toBeVisible();
  await expect(page.getByTestId("paid-state")).toHaveText("Paid", { timeout: 20_000 });
  await expect(page.getByText("was asked directly (active query)")).toBeVisible();
});
