import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const alipay = "模拟支付宝 Simulated Alipay";

/** The words of one language on the screens of this journey. */
interface Words {
  item: string;
  itemName: string;
  qty: string;
  unitPrice: string;
  create: string;
  partAmount: string;
  received: string;
  confirmCash: string;
  stillDue: string;
  openPayPage: string;
  paid: string;
}

const en: Words = {
  item: "Item 1",
  itemName: "Item name",
  qty: "Qty",
  unitPrice: "Unit price",
  create: "Create order",
  partAmount: "Amount of this part",
  received: "Cash received",
  confirmCash: "Confirm cash payment",
  stillDue: "Still due",
  openPayPage: "Open pay page",
  paid: "Paid",
};

const zh: Words = {
  item: "第 1 件商品",
  itemName: "商品名称",
  qty: "数量",
  unitPrice: "单价",
  create: "创建订单",
  partAmount: "本笔金额",
  received: "实收现金",
  confirmCash: "确认收款",
  stillDue: "尚未支付",
  openPayPage: "打开付款页",
  paid: "已支付",
};

/** The customer pays a request's pay page in the sandbox wallet, on a phone of their own. */
async function payInWallet(browser: Browser, payPath: string, amountText: string) {
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "zh-CN",
  });
  const customer = await phone.newPage();
  await customer.goto(payPath);
  // The part's amount, and that it is a part of a larger order.
  await expect(customer.getByText(amountText).first()).toBeVisible();
  await expect(customer.getByTestId("part-of-order")).toContainText("¥40.00");
  await customer.getByRole("link", { name: `使用${alipay}付款` }).click();
  await customer.getByLabel("支付密码").fill("123456");
  await customer.getByRole("radio", { name: "付款" }).check();
  await customer.getByRole("button", { name: "确认付款" }).click();
  await expect(customer.getByRole("heading", { name: "支付成功" })).toBeVisible({
    timeout: 20_000,
  });
  await phone.close();
}

/**
 * A ¥40 bill split at a counter tablet: ¥15 in cash (typed, then the cash method and Enter,
 * from the keyboard), the rest — the field left empty, so everything still due — by wallet.
 */
async function splitBill(page: Page, browser: Browser, w: Words) {
  await page.goto("/orders/new");
  const row = page.getByRole("group", { name: w.item, exact: true });
  await row.getByLabel(w.itemName).fill("Set lunch");
  await row.getByLabel(w.qty).fill("1");
  await row.getByLabel(w.unitPrice).fill("40");
  await page.getByRole("button", { name: w.create }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);

  await page.getByLabel(w.partAmount).fill("15");
  const cash = page.getByRole("button", { name: /Cash/ });
  await cash.focus();
  await page.keyboard.press("Enter");
  await page.getByLabel(w.received).fill("20");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: w.confirmCash })).toBeHidden();
  await expect(page.getByTestId("parts-due")).toContainText("25.00");
  await expect(page.getByText(w.stillDue, { exact: true })).toBeVisible();
  await expect(page.getByLabel(w.partAmount)).toHaveValue("");
  await page.screenshot({ path: test.info().outputPath("half-paid.png") });

  await page.getByRole("button", { name: alipay, exact: true }).tap();
  const payPath = await page.getByRole("link", { name: w.openPayPage }).getAttribute("href");
  expect(payPath).toMatch(/^\/pay\/[\w-]{20,}$/);
  await payInWallet(browser, payPath!, "¥25.00");

  await expect(page.getByTestId("paid-state")).toHaveText(w.paid, { timeout: 20_000 });
  await page.screenshot({ path: test.info().outputPath("paid.png") });
}

test.describe("split bill on a counter tablet", () => {
  test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true });

  test("half in cash, half by the sandbox wallet: paid when the parts cover the bill", async ({
    staffPage,
    browser,
  }) => {
    test.slow();
    await splitBill(staffPage, browser, en);
  });

  test.describe("中文", () => {
    test.use({ locale: "zh-CN" });

    test("一半现金、一半模拟钱包：分笔付清后订单已支付", async ({ staffPage, browser }) => {
      test.slow();
      await splitBill(staffPage, browser, zh);
    });
  });
});
