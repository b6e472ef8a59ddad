import { checkCharacter } from "@/server/vouchers/voucher-code.logic";
import { expect, openSignedIn, test } from "./fixtures";
import { expectAccessible } from "./voucher-fixtures";

const alipay = "模拟支付宝 Simulated Alipay";

/**
 * 核销 end to end: the customer pays in the sandbox wallet and opens the receipt with its
 * voucher; the cashier types the code on the redeem screen, checks it and redeems it; the
 * same code again is refused with who redeemed it and when; the receipt shows it used.
 */
test("a paid customer's voucher is redeemed once at the counter, and a second try says by whom", async ({
  page,
  browser,
  merchant,
}) => {
  test.slow();
  const staff = merchant.accounts.staff;
  await openSignedIn(page, staff);
  await page.goto("/orders/new");
  const row = page.getByRole("group", { name: "Item 1", exact: true });
  await row.getByLabel("Item name").fill("Cappuccino");
  await row.getByLabel("Qty").fill("2");
  await row.getByLabel("Unit price").fill("18");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: alipay, exact: true }).click();
  const payPath = await page.getByRole("link", { name: "Open pay page" }).getAttribute("href");

  // The customer's phone pays in the wallet, then opens the receipt from the pay page.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "zh-CN",
  });
  const customer = await phone.newPage();
  await customer.goto(payPath!);
  await customer.getByRole("link", { name: `使用${alipay}付款` }).click();
  await customer.getByLabel("支付密码").fill("123456");
  await customer.getByRole("radio", { name: "付款" }).check();
  await customer.getByRole("button", { name: "确认付款" }).click();
  await expect(customer.getByRole("heading", { name: "支付成功" })).toBeVisible({
    timeout: 20_000,
  });
  await customer.getByRole("link", { name: "查看小票和电子券" }).click();
  await expect(customer).toHaveURL(/\/r\/[2-9A-Z]{12}$/);
  await expect(customer.getByRole("img", { name: /二维码/ })).toBeVisible();
  await expect(customer.locator("[data-amount]")).toHaveText("¥36.00");
  await expect(customer.getByText("Cappuccino")).toBeVisible();
  await expect(customer.locator("[data-voucher-state]")).toContainText("可使用");
  await expectAccessible(customer);
  const printed = (await customer.locator("[data-code]").textContent())!.trim();
  expect(printed).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

  // The counter: typed as a person would (lower case, spaces), checked, then redeemed.
  await page.getByRole("link", { name: "Redeem" }).first().click();
  await expect(page).toHaveURL(/\/redeem$/);
  const input = page.getByLabel("Voucher code");
  await expect(input).toBeFocused();
  await input.fill(printed.toLowerCase().replaceAll("-", " "));
  await input.press("Enter");
  const verdict = page.getByRole("status").filter({ has: page.getByRole("heading") });
  await expect(verdict.getByRole("heading")).toHaveText("Valid");
  await expect(verdict).toContainText("Cappuccino ×2");
  await expect(verdict).toContainText("1 of 1");
  await verdict.getByRole("button", { name: "Redeem now" }).click();
  await expect(verdict.getByRole("heading")).toHaveText("Redeemed");
  await expect(input).toHaveValue("");
  await expect(input).toBeFocused();
  await expect(
    page.getByRole("region", { name: "Recent redemptions" }).getByText(printed),
  ).toBeVisible();

  // The same code again: refused, saying who redeemed it, where and when.
  await input.fill(printed);
  await input.press("Enter");
  await expect(verdict.getByRole("heading")).toHaveText("Already used");
  await expect(verdict).toContainText(`Redeemed by ${staff.name} <${staff.email}> at`);

  await customer.reload();
  await expect(customer.locator("[data-voucher-state]")).toContainText("已使用");
  await phone.close();
});

test("a mistyped code is caught by its check character, before any lookup", async ({
  staffPage: page,
}) => {
  await page.goto("/redeem");
  const input = page.getByLabel("Voucher code");
  // A well-formed code with one character changed: its check character no longer fits.
  const body = "7KQ4MZ8CRT2";
  const typo = `7KQ5MZ8CRT2${checkCharacter(body)}`;
  await input.fill(typo);
  await input.press("Enter");
  const heading = page.getByRole("status").getByRole("heading");
  await expect(heading).toHaveText("Mistyped code");
  await input.fill("hello");
  await input.press("Enter");
  await expect(heading).toHaveText("Not a voucher code");
});
