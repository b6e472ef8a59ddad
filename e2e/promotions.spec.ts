import { expect, test } from "./fixtures";
import { mutate, paymentMethodsOf, query } from "./trpc-http";

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

/** A promotion started through the API, as the form does: 5.00 off any wallet, all day. */
const walletPromotion = (name: string, startsOn: string) => ({
  name,
  currency: "CNY",
  anyWallet: true,
  startsOn,
  endsOn: "2099-12-31",
  benefit: "amount_off",
  amountOffMinor: 500n,
  budgetMinor: 10_000n,
});

test("the promotions list pages, and a paid discount shows as the method's promotion cost in analytics", async ({
  ownerPage: page,
}) => {
  test.slow();
  // One more promotion than a page holds: the oldest start is on the second page.
  for (let i = 0; i < 21; i++)
    await mutate(
      page,
      "promotions.create",
      walletPromotion(
        `Promo ${String(i).padStart(2, "0")}`,
        `2020-01-${String(i + 1).padStart(2, "0")}`,
      ),
    );
  await page.goto("/promotions");
  const list = page.getByRole("main");
  await expect(list.getByRole("link", { name: "Promo 20" })).toBeVisible();
  await expect(list.getByRole("link", { name: "Promo 00" })).toHaveCount(0);
  await page.getByRole("button", { name: "Earlier" }).click();
  await expect(list.getByRole("link", { name: "Promo 00" })).toBeVisible();
  await expect(list.getByRole("link", { name: "Promo 20" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Earlier" })).toBeDisabled();
  await page.getByRole("button", { name: "Latest" }).click();
  await expect(list.getByRole("link", { name: "Promo 20" })).toBeVisible();

  // Only the first promotion that fits applies (none stack): 32.00 is paid as 27.00.
  const me = await query<{ stores: { id: string }[] }>(page, "me.get");
  const methods = await paymentMethodsOf(page);
  const wallet = methods.find((m) => m.label === alipay)!;
  const order = await mutate<{ id: string }>(page, "orders.create", {
    storeId: me.stores[0]!.id,
    currency: "CNY",
    amountMinor: 3200n,
  });
  await mutate(page, "orders.requestPayment", { orderId: order.id, methodId: wallet.id });
  const detail = () =>
    query<{ status: string; attempts: { token: string; amountMinor: bigint }[] }>(
      page,
      "orders.byId",
      { orderId: order.id },
    );
  expect((await detail()).attempts[0]!.amountMinor).toBe(2700n);
  await mutate(page, "pay.sandboxConfirm", {
    token: (await detail()).attempts[0]!.token,
    pin: "123456",
    outcome: "pay",
  });
  await expect.poll(async () => (await detail()).status, { timeout: 20_000 }).toBe("paid");

  await page.goto("/analytics?tab=methods");
  const table = page.getByRole("table", { name: "The numbers behind the chart" });
  await expect(
    table.getByRole("columnheader", { name: "Promotion cost · Share of full price" }),
  ).toBeVisible();
  const row = table.getByRole("row").filter({ hasText: alipay });
  // 5.00 of a 32.00 full price: 15.6 %.
  await expect(row.locator("[data-promotion-cost]")).toContainText("CN¥5.00");
  await expect(row.locator("[data-promotion-cost]")).toContainText("15.6%");
  await page.screenshot({
    path: test.info().outputPath("methods-promotion-cost.png"),
    fullPage: true,
  });

  // The same in Chinese, on a phone.
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: page.url() }]);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(
    page
      .getByRole("table", { name: /图表/ })
      .getByRole("columnheader", { name: "促销成本 · 占原价比例" }),
  ).toBeVisible();
  await page.screenshot({
    path: test.info().outputPath("methods-promotion-cost-zh.png"),
    fullPage: true,
  });
  await page.goto("/promotions");
  await expect(page.getByRole("button", { name: "更早" })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath("promotions-list-zh.png"), fullPage: true });
});
