import type { Locator, Page } from "@playwright/test";
import { expect, openSignedIn, test } from "./fixtures";
import { mutate, paymentMethodsOf, query } from "./trpc-http";

const alipay = "模拟支付宝 Simulated Alipay";

// The counter's tablet: a 10-inch screen in landscape, used with fingers.
test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true });

/** Controls in `scope` a fingertip cannot hit reliably: under 44 px high (WCAG 2.5.5). */
async function smallTargets(scope: Locator) {
  return scope.evaluate((root) => {
    const targets = root.querySelectorAll<HTMLElement>(
      "button, a[href], select, input:not([type=radio]):not([type=checkbox]), label:has(input[type=radio])",
    );
    return [...targets]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => ({
        name: el.getAttribute("aria-label") ?? el.textContent?.trim() ?? el.tagName,
        height: el.getBoundingClientRect().height,
      }))
      .filter((t) => t.height < 43.5);
  });
}

/** The digit shown on a method's button on the new-order form. */
async function methodDigit(page: Page, label: string) {
  const option = page.locator("label").filter({ has: page.getByRole("radio", { name: label }) });
  return (await option.locator("kbd").textContent())!.trim();
}

test("a cashier takes a wallet payment with the keyboard only", async ({ staffPage: page }) => {
  await page.goto("/orders/new");
  // The form opens on its mode, so typing starts at once.
  await expect(page.getByRole("radio", { name: "Items" })).toBeFocused();
  const digit = await methodDigit(page, alipay);
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "Amount only" })).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Amount (CNY)")).toBeFocused();
  await page.keyboard.type("12.50");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("radio", { name: "Choose after creating" })).toBeFocused();
  // Digits inside the amount typed money; here a digit chooses the method.
  await page.keyboard.press(digit);
  await expect(page.getByRole("radio", { name: alipay })).toBeChecked();
  await expect(page.getByRole("radio", { name: alipay })).toBeFocused();
  await page.screenshot({ path: test.info().outputPath("keyboard-order.png") });
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("img", { name: "Payment QR code" })).toBeVisible();
  await expect(page.getByText("CN¥12.50").first()).toBeVisible();
  expect(await smallTargets(page.locator("#take-payment"))).toEqual([]);
  await page.screenshot({ path: test.info().outputPath("payment-panel-tablet.png") });
});

test("arrow keys choose the method too, and the form's targets are fingertip-sized", async ({
  staffPage: page,
}) => {
  await page.goto("/orders/new");
  await expect(page.getByRole("radio", { name: "Items" })).toBeFocused();
  expect(await smallTargets(page.locator("form"))).toEqual([]);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Tab");
  await page.keyboard.type("8");
  await page.keyboard.press("Tab");
  // "Later" is the last option: ArrowRight wraps round to the first method.
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "Choose after creating" })).not.toBeChecked();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
});

test("quick keys add a store's items, the amount follows, and the slip prints with the pay QR", async ({
  managerPage: page,
  merchant,
}) => {
  test.slow();
  // The manager keeps the quick keys on the store's page.
  await page.goto("/stores");
  const card = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { level: 2 }) })
    .first();
  const storeName = (await card.getByRole("heading", { level: 2 }).textContent())!;
  await card.getByRole("button", { name: "Quick keys" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("No items yet")).toBeVisible();
  await dialog.getByRole("textbox", { name: "Item" }).fill("Latte");
  await dialog.getByLabel("Price (CNY)").fill("28");
  await dialog.getByRole("button", { name: "Add item" }).click();
  const listed = dialog.getByRole("list", { name: "Items" }).getByRole("listitem");
  // Saved (the form empties itself then) before the next one is typed.
  await expect(listed).toHaveCount(1);
  await dialog.getByRole("textbox", { name: "Item" }).fill("Green tea");
  await dialog.getByLabel("Price (CNY)").fill("15.5");
  await dialog.getByRole("button", { name: "Add item" }).click();
  await expect(listed).toHaveCount(2);
  await page.screenshot({ path: test.info().outputPath("catalogue-dialog.png") });
  await page.keyboard.press("Escape");
  // The other stores get an item too, whichever one the form opens on.
  const stores = await query<{ id: string; name: string }[]>(page, "stores.list");
  for (const s of stores.filter((s) => s.name !== storeName && merchant.storeIds.includes(s.id))) {
    await mutate(page, "catalogue.create", { storeId: s.id, name: "Latte", priceMinor: 2800n });
    await mutate(page, "catalogue.create", { storeId: s.id, name: "Green tea", priceMinor: 1550n });
  }

  await page.goto("/orders/new");
  await page
    .getByRole("combobox", { name: "Store", exact: true })
    .selectOption({ label: storeName });
  await page.getByRole("radio", { name: "Items" }).focus();
  await expect(page.getByRole("button", { name: /Latte/ })).toBeVisible();
  await page.keyboard.press("q");
  await page.keyboard.press("q");
  await page.keyboard.press("w");
  const total = page.locator("[aria-live=polite]").filter({ hasText: "Total" });
  await expect(total).toContainText("CN¥71.50");
  // A tap adds one more.
  await page.getByRole("button", { name: /Green tea/ }).tap();
  await expect(total).toContainText("CN¥87.00");
  const latte = page.getByRole("group", { name: "Item 1", exact: true });
  await expect(latte.getByLabel("Item name")).toHaveValue("Latte");
  await latte.getByLabel("Qty").fill("1");
  await expect(total).toContainText("CN¥59.00");
  await page.screenshot({ path: test.info().outputPath("quick-keys.png"), fullPage: true });
  await page.locator("label").filter({ hasText: alipay }).click();
  await expect(page.getByRole("radio", { name: alipay })).toBeChecked();
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("img", { name: "Payment QR code" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Items" })).toContainText("Green tea");

  // The slip: drawn for the printer only, with the pay link's QR.
  await page.evaluate(() => {
    window.print = () => ((window as unknown as { printed: boolean }).printed = true);
  });
  await page.getByRole("button", { name: "Print slip" }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { printed?: boolean }).printed))
    .toBe(true);
  const slip = page.getByRole("region", { name: "Order slip" });
  await expect(slip).toBeHidden();
  await page.emulateMedia({ media: "print" });
  await expect(slip).toBeVisible();
  await expect(slip.getByRole("img", { name: "QR code to pay this order" })).toBeVisible();
  await expect(slip).toContainText(storeName);
  await expect(slip).toContainText("Green tea");
  await expect(slip).toContainText("CN¥59.00");
  await expect(page.getByRole("navigation").first()).toBeHidden();
  await expect(page.locator("#take-payment")).toBeHidden();
  await page.screenshot({ path: test.info().outputPath("slip-print.png"), fullPage: true });
  await page.emulateMedia({ media: "screen" });
});

test("the pay page speaks the customer's language, keeps their switch, and the order records it", async ({
  staffPage: page,
  merchant,
  browser,
}) => {
  // Two browsers (the cashier's and the customer's) and a language switch: slow under load.
  test.slow();
  const methods = await paymentMethodsOf(page);
  const method = methods.find((m) => m.label === alipay)!;
  const order = await mutate<{ id: string }>(page, "orders.create", {
    storeId: merchant.storeIds[0],
    currency: "CNY",
    amountMinor: 1800n,
  });
  const attempt = await mutate<{ token: string }>(page, "orders.requestPayment", {
    orderId: order.id,
    methodId: method.id,
  });
  const recorded = async () =>
    (await query<{ customerLocale: string | null }>(page, "orders.byId", { orderId: order.id }))
      .customerLocale;

  const english = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "en-US",
  });
  const en = await english.newPage();
  await en.goto(`/pay/${attempt.token}`);
  await expect(en.getByText("Amount to pay")).toBeVisible();
  await expect(en.locator("html")).toHaveAttribute("lang", "en");
  await en.screenshot({ path: test.info().outputPath("pay-en.png"), fullPage: true });
  expect(await recorded()).toBe("en");

  const chinese = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "zh-CN",
  });
  const zh = await chinese.newPage();
  await zh.goto(`/pay/${attempt.token}`);
  await expect(zh.getByText("应付金额")).toBeVisible();
  await zh.screenshot({ path: test.info().outputPath("pay-zh.png"), fullPage: true });
  expect(await recorded()).toBe("zh-CN");

  // The English customer switches to Chinese: kept across a reload, and on the order.
  // The customer's language switch: a button naming the other language (no script of its own).
  await en.getByRole("button", { name: "Language: 简体中文" }).click();
  await expect(en.getByText("应付金额")).toBeVisible();
  await en.reload();
  await expect(en.getByText("应付金额")).toBeVisible();
  expect(await recorded()).toBe("zh-CN");
  // The cashier's console keeps its own language.
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Language" })).toBeVisible();

  await english.close();
  await chinese.close();
});

test("the counter's new order reads in Chinese for a Chinese tablet", async ({
  browser,
  merchant,
}) => {
  const tablet = await browser.newContext({
    viewport: { width: 1024, height: 768 },
    hasTouch: true,
    locale: "zh-CN",
  });
  const page = await tablet.newPage();
  await openSignedIn(page, merchant.accounts.staff);
  await page.goto("/orders/new");
  await expect(page.getByRole("radio", { name: "创建后再选" })).toBeVisible();
  await expect(page.getByText("数字键 1–9 选择支付方式")).toBeVisible();
  await expect(page.getByRole("combobox", { name: "顾客语言" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("new-order-zh.png"), fullPage: true });
  await tablet.close();
});
