import { expect, test } from "./fixtures";
import { mutate, paymentMethodsOf, query } from "./trpc-http";

/**
 * Cashiers type item names, and a name of 100 characters without a space (a pasted SKU, a
 * camel-cased product name, a row of emoji) must wrap on the customer's receipt. On a phone an overflowing page is
 * not scrolled sideways but zoomed out until it fits, so the layout viewport (clientWidth)
 * stays 390 px while the page (scrollWidth) grows: that difference is what is measured.
 */
test("a receipt with an item name of 100 characters without a space still fits a phone", async ({
  page,
  staffPage,
}) => {
  const me = await query<{ stores: { id: string }[] }>(staffPage, "me.get");
  const cash = (await paymentMethodsOf(staffPage)).find((m) => m.kind === "cash")!;
  const name = "OatMilkFlatWhite".repeat(7).slice(0, 100);
  const order = await mutate<{ id: string }>(staffPage, "orders.create", {
    storeId: me.stores[0]!.id,
    currency: "CNY",
    items: [{ name, quantity: 1, unitPriceMinor: 2800n }],
  });
  await mutate(staffPage, "orders.payCash", {
    orderId: order.id,
    methodId: cash.id,
    tenderedMinor: 2800n,
  });
  const { code } = await query<{ code: string }>(staffPage, "vouchers.forOrder", {
    orderId: order.id,
  });

  await page.goto(`/r/${code}`);
  await expect(page.getByRole("cell", { name })).toBeVisible();
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    layout: document.documentElement.clientWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.layout);
});

test("the pay page of a store named with 100 letters without a space still fits a phone", async ({
  page,
  ownerPage,
}) => {
  const name = "PeoplesSquareBranch".repeat(6).slice(0, 100);
  const store = await mutate<{ id: string }>(ownerPage, "stores.create", { name });
  const wallet = (await paymentMethodsOf(ownerPage)).find(
    (m) => m.kind === "sandbox" && m.enabled,
  )!;
  const order = await mutate<{ id: string }>(ownerPage, "orders.create", {
    storeId: store.id,
    currency: "CNY",
    amountMinor: 2800n,
  });
  const { token } = await mutate<{ token: string }>(ownerPage, "orders.requestPayment", {
    orderId: order.id,
    methodId: wallet.id,
  });

  await page.goto(`/pay/${token}`);
  await expect(page.getByText(name)).toBeVisible();
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    layout: document.documentElement.clientWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.layout);
});
