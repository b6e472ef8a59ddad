import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { mutate, query } from "./trpc-http";

const simulatedAlipay = "模拟支付宝 Simulated Alipay";

/** Adds an Alipay method of our own (random name, so runs never collide). */
async function addAlipay(page: Page) {
  const label = `Alipay ${randomBytes(3).toString("hex")}`;
  await page.goto("/payment-methods");
  await page.getByRole("button", { name: "Add method" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Kind").selectOption("alipay");
  await dialog.locator("#label").fill(label);
  await dialog.getByRole("button", { name: "Add method" }).click();
  await expect(dialog).toBeHidden();
  return label;
}

test("the demo shop's sandbox wallet is ready; check connection and a test notification pass", async ({
  ownerPage: page,
}) => {
  await page.goto("/payment-methods");
  const card = page.getByRole("region", { name: simulatedAlipay });
  const setup = card.getByTestId("method-readiness");
  await expect(setup).toContainText("Ready");
  await expect(setup).toContainText("Offered at the counter and on the pay page.");

  await setup.getByRole("button", { name: `Check connection: ${simulatedAlipay}` }).click();
  await expect(setup.getByRole("status")).toContainText("Connection works");
  await expect(setup).toContainText("Last check:");

  // Signed by the wallet, posted over HTTP to our own webhook route, verified and recorded.
  await setup
    .getByRole("button", { name: `Send a test notification for ${simulatedAlipay}` })
    .click();
  await expect(setup.getByRole("status")).toContainText(
    "Test notification received: signature verified and recorded (HTTP 200).",
    { timeout: 15_000 },
  );
  await page.screenshot({ path: "test-results/e2e/method-setup-ready.png", fullPage: true });
});

test("a new Alipay method says it is not connected, warns about the notify URL, and stays off the counter", async ({
  managerPage: page,
}) => {
  const label = await addAlipay(page);
  const card = page.getByRole("region", { name: label });
  const setup = card.getByTestId("method-readiness");
  await expect(setup).toContainText("Not connected");
  await expect(setup).toContainText("Open Connection and enter the ids and keys");
  await expect(setup.getByRole("button", { name: `Check connection: ${label}` })).toBeDisabled();

  await card.getByRole("button", { name: `Connection of ${label}`, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Connection of ${label}` });
  const warning = dialog.getByRole("note");
  await expect(warning).toContainText("Providers may not reach this notify URL");
  await expect(warning).toContainText("APP_URL is not set");
  await expect(warning).toContainText("It is not https");
  await expect(warning).toContainText("It is not a public address");
  await page.keyboard.press("Escape");

  // The counter: the simulated wallets are offered, the half-set-up Alipay is not.
  await page.goto("/orders/new");
  const row = page.getByRole("group", { name: "Item 1", exact: true });
  await row.getByLabel("Item name").fill("Espresso");
  await row.getByLabel("Qty").fill("1");
  await row.getByLabel("Unit price").fill("18");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("button", { name: simulatedAlipay, exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: label, exact: true })).toHaveCount(0);
});

test("the sandbox wallet refuses a wrong PIN", async ({ staffPage: page, browser }) => {
  await page.goto("/orders/new");
  const row = page.getByRole("group", { name: "Item 1", exact: true });
  await row.getByLabel("Item name").fill("Latte");
  await row.getByLabel("Qty").fill("1");
  await row.getByLabel("Unit price").fill("28");
  await page.getByRole("button", { name: "Create order" }).click();
  await page.getByRole("button", { name: simulatedAlipay, exact: true }).click();
  const payPath = await page.getByRole("link", { name: "Open pay page" }).getAttribute("href");
  const phone = await browser.newContext({ locale: "zh-CN" });
  const wallet = await phone.newPage();
  await wallet.goto(payPath!.replace("/pay/", "/sandbox/"));
  await wallet.getByLabel("支付密码").fill("654321");
  await wallet.getByRole("button", { name: "确认付款" }).click();
  await expect(wallet.getByText("支付密码错误。模拟钱包的支付密码为 123456。")).toBeVisible();
  await expect(wallet.getByLabel("支付密码")).toHaveAttribute("aria-invalid", "true");
  await phone.close();
});

test.describe("in Chinese", () => {
  test.use({ locale: "zh-CN" });

  test("each method's state and next step are in Chinese", async ({ ownerPage: page }) => {
    await page.goto("/payment-methods");
    const setup = page
      .getByRole("region", { name: simulatedAlipay })
      .getByTestId("method-readiness");
    await expect(setup).toContainText("就绪");
    await setup.getByRole("button", { name: `检查连接：${simulatedAlipay}` }).click();
    await expect(setup.getByRole("status")).toContainText("连接正常");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/e2e/method-setup-zh-390.png", fullPage: true });
  });
});

test("in a shop priced in Hong Kong dollars, Alipay comes with yuan filled in and refuses other currencies", async ({
  ownerPage: page,
}) => {
  const settings = await query<{ name: string; timeZone: string; locale: string }>(
    page,
    "merchant.settings",
  );
  await mutate(page, "merchant.updateSettings", {
    name: settings.name,
    timeZone: settings.timeZone,
    locale: settings.locale,
    defaultCurrency: "HKD",
  });
  await page.goto("/payment-methods");
  await page.getByRole("button", { name: "Add method" }).click();
  const dialog = page.getByRole("dialog");
  const currencies = dialog.getByLabel("Currencies");
  await expect(currencies).toHaveValue("HKD");
  await dialog.getByLabel("Kind").selectOption("alipay");
  await expect(currencies).toHaveValue("CNY");
  await dialog.getByLabel("Kind").selectOption("paypal");
  await expect(currencies).toHaveValue("HKD");

  await dialog.getByLabel("Kind").selectOption("wechat_pay");
  await currencies.fill("CNY, HKD");
  await dialog.locator("#label").fill(`WeChat Pay ${randomBytes(3).toString("hex")}`);
  await dialog.getByRole("button", { name: "Add method" }).click();
  await expect(currencies).toHaveAttribute("aria-invalid", "true");
  await expect(currencies).toHaveAccessibleDescription(
    "This provider takes only CNY: remove HKD from its currencies.",
  );
});
