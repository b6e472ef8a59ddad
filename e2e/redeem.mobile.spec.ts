import { expect, test } from "@playwright/test";
import { demoAccount, signIn } from "./fixtures";
import { mutate, query } from "./trpc-http";

/** A cash order paid through the API by the signed-in cashier: its voucher code. */
async function paidVoucherCode(page: import("@playwright/test").Page) {
  const me = await query<{ stores: { id: string }[] }>(page, "me.get");
  const methods = await query<{ id: string; kind: string }[]>(page, "paymentMethods.list");
  const cash = methods.find((m) => m.kind === "cash")!;
  const order = await mutate<{ id: string }>(page, "orders.create", {
    storeId: me.stores[0]!.id,
    currency: "CNY",
    amountMinor: 1200n,
  });
  await mutate(page, "orders.payCash", {
    orderId: order.id,
    methodId: cash.id,
    tenderedMinor: 1200n,
  });
  const voucher = await query<{ code: string }>(page, "vouchers.forOrder", { orderId: order.id });
  return voucher.code;
}

test("a cashier redeems on a phone: big input, check, redeem, nothing to scroll sideways", async ({
  page,
}) => {
  await signIn(page, demoAccount("staff").email);
  const code = await paidVoucherCode(page);
  await page.goto("/redeem");
  const input = page.getByLabel("Voucher code");
  await expect(input).toBeFocused();
  await expect(page.getByRole("button", { name: "Camera" })).toBeVisible();
  await input.fill(code);
  await page.getByRole("button", { name: "Check" }).click();
  const verdict = page.getByRole("status").filter({ has: page.getByRole("heading") });
  await expect(verdict.getByRole("heading")).toHaveText("Valid");
  // Enter on the same code confirms, as a scanner gun's second scan would.
  await input.press("Enter");
  await expect(verdict.getByRole("heading")).toHaveText("Redeemed");
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath("redeem-phone.png"), fullPage: true });
});
