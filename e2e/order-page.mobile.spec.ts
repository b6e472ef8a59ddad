import type { Page } from "@playwright/test";
import { expect, expectNoPageOverflow, test } from "./fixtures";
import { mutate, paymentMethodsOf } from "./trpc-http";

const alipay = "模拟支付宝 Simulated Alipay";

/** A pending order of ¥18.00, made through the API, with a wallet request open if asked. */
async function pendingOrder(page: Page, storeId: string, { requested }: { requested: boolean }) {
  const order = await mutate<{ id: string }>(page, "orders.create", {
    storeId,
    currency: "CNY",
    amountMinor: 1800n,
  });
  if (requested) {
    const method = (await paymentMethodsOf(page)).find((m) => m.label === alipay)!;
    await mutate(page, "orders.requestPayment", { orderId: order.id, methodId: method.id });
  }
  return order;
}

// A counter often opens an order from a link or a reload, not only by the app's navigation from
// the new-order form: the page the server sends must come to life with its payment panel, whose
// part (and its sentences) is loaded in the browser.
for (const [locale, title, qr] of [
  ["en", "Take payment", "Payment QR code"],
  ["zh-CN", "收款", "付款二维码"],
] as const) {
  test(`a pending order's page opened afresh offers its payment methods (${locale})`, async ({
    staffPage: page,
    merchant,
  }) => {
    await mutate(page, "me.setLocale", { locale });
    const order = await pendingOrder(page, merchant.storeIds[0]!, { requested: false });
    await page.goto(`/orders/${order.id}`);
    const panel = page.locator("#take-payment");
    await expect(panel.getByRole("heading", { name: title })).toBeVisible();
    await expect(panel.getByRole("button", { name: alipay, exact: true })).toBeVisible();
    await expectNoPageOverflow(page);
    await page.screenshot({
      path: test.info().outputPath(`pending-${locale}.png`),
      fullPage: true,
    });

    // An order whose customer is paying: its QR, opened afresh too.
    const requested = await pendingOrder(page, merchant.storeIds[0]!, { requested: true });
    await page.goto(`/orders/${requested.id}`);
    await expect(panel.getByRole("img", { name: qr })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`requested-${locale}.png`) });
  });
}
