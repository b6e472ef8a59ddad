import AxeBuilder from "@axe-core/playwright";
import { violationsOnly } from "./fixtures";
import { expect, type Page } from "@playwright/test";
import { mutate, paymentMethodsOf, query } from "./trpc-http";

/** A cash order paid through the API by whoever is signed in on `page`: the order and its voucher code. */
export async function paidVoucherCode(page: Page, amountMinor = 2800n) {
  const me = await query<{ stores: { id: string }[] }>(page, "me.get");
  const methods = await paymentMethodsOf(page);
  const cash = methods.find((m) => m.kind === "cash")!;
  const order = await mutate<{ id: string }>(page, "orders.create", {
    storeId: me.stores[0]!.id,
    currency: "CNY",
    amountMinor,
  });
  await mutate(page, "orders.payCash", {
    orderId: order.id,
    methodId: cash.id,
    tenderedMinor: amountMinor,
  });
  const voucher = await query<{ code: string }>(page, "vouchers.forOrder", { orderId: order.id });
  return { orderId: order.id, code: voucher.code };
}

/** The code as printed on the receipt: 7KQ4-MZ8C-RT2X. */
export const grouped = (code: string) => code.replace(/(.{4})(?=.)/g, "$1-");

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).options(violationsOnly).analyze();
  expect(
    results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help}`),
  ).toEqual([]);
}
