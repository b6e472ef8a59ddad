import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test, violationsOnly } from "./fixtures";
import { mutate, paymentMethodsOf, query } from "./trpc-http";

const alipay = "模拟支付宝 Simulated Alipay";
const wechat = "模拟微信支付 Simulated WeChat Pay";

/**
 * The cashier's side, through the API (the counter screens are built separately): an order
 * of ¥23.50 at the test's café and a payment request for it with the given method.
 */
async function openPaymentRequest(page: Page, methodLabel: string) {
  const me = await query<{ stores: { id: string }[] }>(page, "me.get");
  const methods = await paymentMethodsOf(page);
  const method = methods.find((m) => m.label === methodLabel);
  expect(method, `demo method ${methodLabel}`).toBeDefined();
  const order = await mutate<{ id: string; number: string }>(page, "orders.create", {
    storeId: me.stores[0]!.id,
    currency: "CNY",
    amountMinor: 2350n,
  });
  const attempt = await mutate<{ token: string }>(page, "orders.requestPayment", {
    orderId: order.id,
    methodId: method!.id,
  });
  return { token: attempt.token, orderNumber: order.number };
}

/** Fits a 390 px phone (nothing to scroll sideways) and has no serious accessibility fault. */
async function expectPhoneFriendly(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const results = await new AxeBuilder({ page }).options(violationsOnly).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

test("a customer is told why a payment failed, switches method and sees the receipt live", async ({
  page,
  staffPage,
}) => {
  // A whole journey (two wallet visits, five accessibility scans): more than the default 30 s.
  test.slow();
  const { token, orderNumber } = await openPaymentRequest(staffPage, alipay);
  // `page` is the customer's phone: a context of its own, never signed in.
  const main = page.getByRole("main");

  await page.goto(`/pay/${token}`);
  await expect(page.getByRole("heading", { name: "示例咖啡馆 Demo Café", level: 1 })).toBeVisible();
  await expect(main.getByText("¥23.50")).toBeVisible();
  await expect(main.getByText(orderNumber)).toBeVisible();
  await expect(main.getByRole("status")).toHaveText("Waiting for payment");
  await expect(main.getByText(/Time left to pay: \d+:\d\d/)).toBeVisible();
  await expectPhoneFriendly(page);

  // The sandbox wallet, in the same tab, refuses for lack of balance.
  await expect(page).toHaveTitle("Pay 示例咖啡馆 Demo Café · Hexiao");
  await main.getByRole("link", { name: `Pay with ${alipay}` }).click();
  await expect(page).toHaveURL(`/sandbox/${token}`);
  // Named as when opened directly, though reached without a page load.
  await expect(page).toHaveTitle("Sandbox wallet · Hexiao");
  await expect(page.getByRole("heading", { name: "Sandbox wallet — no real money" })).toBeVisible();
  await expectPhoneFriendly(page);
  await expect(main.getByRole("radio", { name: "Pay", exact: true })).toBeChecked();
  await main.getByLabel("PIN").fill("12345");
  await main.getByRole("button", { name: "Confirm payment" }).click();
  await expect(main.getByText("The PIN has 6 digits.")).toBeVisible();
  await main.getByLabel("PIN").fill("123456");
  await main.getByRole("radio", { name: "Insufficient balance" }).check();
  await main.getByRole("button", { name: "Confirm payment" }).click();
  await expect(main.getByRole("status")).toContainText("Not paid: the balance is too low.");

  // Back on the shop's page by itself, which explains the failure and what to do.
  await expect(page).toHaveURL(`/pay/${token}`);
  await expect(page).toHaveTitle("Pay 示例咖啡馆 Demo Café · Hexiao");
  await expect(main.getByRole("alert")).toContainText(
    "Your wallet balance or card did not have enough money for this payment.",
  );
  await expect(main.getByRole("alert")).toContainText("Top up your balance");
  await expect(main.getByRole("status")).toHaveText("Not paid");
  await expect(main.getByRole("button", { name: "Try again" })).toBeEnabled();
  await expectPhoneFriendly(page);

  // Another method: a new request on the same order, on a page of its own.
  await main.getByRole("button", { name: `Pay with ${wechat}` }).click();
  await expect(page).not.toHaveURL(`/pay/${token}`);
  await expect(page).toHaveURL(/\/pay\/[\w-]{10,}$/);
  const retried = new URL(page.url()).pathname.split("/").at(-1)!;
  await expect(main.getByRole("status")).toHaveText("Waiting for payment");
  await expect(main.getByText(orderNumber)).toBeVisible();
  const payLink = main.getByRole("link", { name: `Pay with ${wechat}` });
  await expect(payLink).toHaveAttribute("href", `/sandbox/${retried}`);

  // Paid in the wallet on another tab: this page turns into the receipt without a reload.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const wallet = await page.context().newPage();
  await wallet.goto(`/sandbox/${retried}`);
  await wallet.getByLabel("PIN").fill("123456");
  await wallet.getByRole("button", { name: "Confirm payment" }).click();
  await expect(wallet.getByRole("main").getByRole("status")).toContainText(
    "Paid — the shop will be notified.",
  );

  const receipt = main.getByRole("article", { name: "Payment received" });
  await expect(receipt.getByRole("heading", { name: "Payment received" })).toBeVisible();
  await expect(receipt.getByRole("status")).toHaveText("Paid");
  await expect(receipt.getByText("¥23.50")).toBeVisible();
  for (const detail of [
    wechat,
    orderNumber,
    "示例咖啡馆 Demo Café",
    "人民广场店 People's Square",
  ]) {
    await expect(receipt.getByText(detail)).toBeVisible();
  }
  await expect(receipt.getByText(/\d{2}:\d{2}:\d{2} \(GMT\+8\)/)).toBeVisible();
  await expect(receipt.getByRole("button", { name: "Print receipt" })).toBeVisible();
  await expectPhoneFriendly(page);
  expect(
    await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
  ).toBe(true);

  // The wallet tab goes back to the shop's page by itself, which shows the receipt too.
  await expect(wallet).toHaveURL(`/pay/${retried}`);
  await expect(wallet.getByRole("heading", { name: "Payment received" })).toBeVisible();

  // The first, failed link now says the order is paid, and offers nothing to pay.
  await page.goto(`/pay/${token}`);
  await expect(main.getByRole("status")).toHaveText("Order already paid");
  await expect(main.getByRole("button")).toHaveCount(0);
});

test("the pages speak Chinese to a Chinese phone", async ({ browser, staffPage }) => {
  const { token } = await openPaymentRequest(staffPage, wechat);
  const zh = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale: "zh-CN",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const phone = await zh.newPage();
  const main = phone.getByRole("main");
  await phone.goto(`/pay/${token}`);
  await expect(main.getByRole("status")).toHaveText("等待付款");
  await main.getByRole("link", { name: `使用${wechat}付款` }).click();
  await expect(phone.getByRole("heading", { name: "沙箱钱包 · 不涉及真实资金" })).toBeVisible();
  await expect(phone).toHaveTitle("沙箱钱包 · 核销");
  await main.getByLabel("支付密码").fill("123456");
  await main.getByRole("radio", { name: "取消支付" }).check();
  await main.getByRole("button", { name: "确认付款" }).click();
  await expect(phone).toHaveURL(`/pay/${token}`);
  await expect(main.getByRole("alert")).toContainText("付款已在钱包中取消");
  await expect(main.getByRole("button", { name: "重试" })).toBeVisible();
  await zh.close();
});

test("an unknown pay link says so in words", async ({ page }) => {
  for (const token of ["this-link-does-not-exist-0000", "short"]) {
    const res = await page.goto(`/pay/${token}`);
    expect(res?.status()).toBe(404);
    await expect(
      page.getByRole("heading", { name: "This payment link does not work" }),
    ).toBeVisible();
    await expect(page.getByText("Ask the shop for a new payment link or QR code.")).toBeVisible();
    await expectPhoneFriendly(page);
  }
});

test("the customer's language switch works before any script, and with the keyboard", async ({
  browser,
  staffPage,
}) => {
  const { token } = await openPaymentRequest(staffPage, wechat);
  const phone = (locale: string, javaScriptEnabled = true) =>
    browser.newContext({
      baseURL: test.info().project.use.baseURL,
      locale,
      javaScriptEnabled,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });

  // A phone whose scripts have not run (here: never): the switch is a form the server answers.
  const noScript = await phone("en-US", false);
  const slow = await noScript.newPage();
  await slow.goto(`/pay/${token}`);
  await expect(slow.getByText("Amount to pay")).toBeVisible();
  await slow.getByRole("button", { name: "Language: 简体中文" }).click();
  await expect(slow.getByText("应付金额")).toBeVisible();
  await expect(slow.getByRole("button", { name: "语言: English" })).toBeVisible();
  await noScript.close();

  // The keyboard: the switch is the page's first stop, Enter says the page in the other language.
  const zh = await phone("zh-CN");
  const page = await zh.newPage();
  await page.goto(`/pay/${token}`);
  await expect(page.getByText("应付金额")).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "语言: English" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Amount to pay")).toBeVisible();
  await expect(page.getByRole("button", { name: "Language: 简体中文" })).toBeVisible();
  await expectPhoneFriendly(page);
  await zh.close();
});
