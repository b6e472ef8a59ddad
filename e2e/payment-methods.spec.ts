import type { Page } from "@playwright/test";
import { expect, expectNoPageOverflow, openSignedIn, test } from "./fixtures";

const wechat = "模拟微信支付 Simulated WeChat Pay";
const alipay = "模拟支付宝 Simulated Alipay";

test("a manager changes a sandbox method's fee rate and it shows", async ({
  managerPage: page,
}) => {
  await page.goto("/");
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Payment methods" })
    .click();
  const card = page.getByRole("region", { name: wechat });
  await expect(card.getByTestId("fee-rule")).toHaveText("0.60% + CN¥0.00");
  await expect(card).toContainText("a built-in simulated wallet");

  const setRate = async (rate: string) => {
    await card.getByRole("button", { name: `Edit ${wechat}` }).click();
    const dialog = page.getByRole("dialog", { name: `Edit ${wechat}` });
    await dialog.getByLabel("Fee rate (%)").fill(rate);
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
  };

  // A third decimal is not a whole basis point: refused next to the field, nothing saved.
  await card.getByRole("button", { name: `Edit ${wechat}` }).click();
  const dialog = page.getByRole("dialog", { name: `Edit ${wechat}` });
  await dialog.getByLabel("Fee rate (%)").fill("0.555");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  const rate = dialog.getByLabel("Fee rate (%)");
  await expect(rate).toHaveAttribute("aria-invalid", "true");
  await expect(rate).toBeFocused();
  await expect(rate).toHaveAccessibleDescription(/with up to two decimals/);
  // Once sent, a field is checked again as it changes: the error goes, the hint comes back.
  await rate.fill("0.5");
  await expect(rate).not.toHaveAttribute("aria-invalid");
  await expect(rate).toHaveAccessibleDescription("Up to two decimals, e.g. 0.60 for 0.6%.");
  await rate.fill("0.555");
  await expect(dialog.getByText("with up to two decimals")).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();

  await setRate("0.55");
  await expect(page.getByText("Payment method saved")).toBeVisible();
  await expect(card.getByTestId("fee-rule")).toHaveText("0.55% + CN¥0.00");
  await page.reload();
  await expect(card.getByTestId("fee-rule")).toHaveText("0.55% + CN¥0.00");

  // The sandbox's delivery quirks switch on and off, and stay as set.
  const duplicates = card.getByRole("checkbox", { name: "Duplicate deliveries" });
  await expect(duplicates).not.toBeChecked();
  await duplicates.check();
  await expect(page.getByText("Sandbox behaviour saved")).toBeVisible();
  await page.reload();
  await expect(duplicates).toBeChecked();
  await duplicates.uncheck();
  await expect(duplicates).not.toBeChecked();
  // Saved before the reload (the box unticks at once, the save follows).
  await expect(page.getByText("Sandbox behaviour saved")).toBeVisible();
  await page.reload();
  await expect(duplicates).not.toBeChecked();
});

test("an analyst sees the payment methods read-only", async ({ analystPage: page }) => {
  await page.goto("/payment-methods");
  await expect(page.getByRole("heading", { name: "Payment methods", level: 1 })).toBeVisible();
  await expect(page.getByText("Only an owner or manager can change them.")).toBeVisible();
  await expect(page.getByRole("region", { name: "现金 Cash" })).toContainText("Not needed");
  await expect(page.getByRole("region", { name: wechat }).getByTestId("fee-rule")).toHaveText(
    /^\d+\.\d{2}% \+ CN¥\d+\.\d{2}$/,
  );
  await expect(page.getByRole("button", { name: "Add method" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Edit/ })).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);

  // The server refuses too: the same session calling the procedure directly.
  const res = await page.request.post("/api/trpc/paymentMethods.update", {
    data: { json: { id: crypto.randomUUID() } },
  });
  expect(res.status()).toBe(403);
});

/** Opens the edit dialog of the demo's simulated Alipay (rate 0.6 %, no fixed fee in CNY). */
async function editAlipay(page: Page, edit = "Edit") {
  await page.goto("/payment-methods");
  await page.getByRole("button", { name: `${edit} ${alipay}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  return dialog;
}

test("a manager sets a method's fee amounts per currency, each in its own units", async ({
  managerPage: page,
}) => {
  const dialog = await editAlipay(page);
  const cny = dialog.getByRole("group", { name: "In CNY" });
  await expect(cny.getByLabel("Fixed fee per payment")).toHaveValue("0.00");
  await dialog.getByLabel("Currencies").fill("CNY, JPY, USD");
  // A currency just added has no amounts: the form says it is charged the rate alone.
  const jpy = dialog.getByRole("group", { name: "In JPY" });
  await expect(jpy).toContainText("Not set: payments in JPY are charged the rate alone");

  // By keyboard: the yuan's bounds the wrong way round, half a yen, then Enter sends.
  await cny.getByLabel("Minimum fee").fill("2");
  await cny.getByLabel("Maximum fee").fill("1");
  await cny.getByLabel("Maximum fee").press("Tab");
  await expect(jpy.getByLabel("Fixed fee per payment")).toBeFocused();
  await page.keyboard.type("0.5");
  await page.keyboard.press("Enter");
  const cnyMax = cny.getByLabel("Maximum fee");
  await expect(cnyMax).toHaveAttribute("aria-invalid", "true");
  await expect(cnyMax).toBeFocused();
  await expect(cnyMax).toHaveAccessibleDescription("The minimum fee cannot be above the maximum.");
  const jpyFixed = jpy.getByLabel("Fixed fee per payment");
  await expect(jpyFixed).toHaveAttribute("aria-invalid", "true");
  await expect(jpyFixed).toHaveAccessibleDescription("Enter an amount in JPY, like 12.");

  await cny.getByLabel("Fixed fee per payment").fill("0.30");
  await cnyMax.fill("5");
  await expect(cnyMax).not.toHaveAttribute("aria-invalid");
  await jpyFixed.fill("40");
  await expect(jpy).toContainText("In JPY without decimals, e.g. 12.");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();

  const fee = page.getByRole("region", { name: alipay }).getByTestId("fee-rule");
  const check = async () => {
    await expect(fee.locator("[data-currency=CNY]")).toHaveText(
      "CNY 0.60% + CN¥0.30 · at least CN¥2.00 · at most CN¥5.00",
    );
    await expect(fee.locator("[data-currency=JPY]")).toHaveText("JPY 0.60% + ¥40");
    await expect(fee.locator("[data-currency=USD]")).toHaveText(
      "USD 0.60% (the rate alone: no amounts set in this currency)",
    );
  };
  await check();
  await page.reload();
  await check();
  // Opened again, each currency shows its amounts in its own decimals.
  await page.getByRole("button", { name: `Edit ${alipay}` }).click();
  await expect(
    page
      .getByRole("dialog")
      .getByRole("group", { name: "In JPY" })
      .getByLabel("Fixed fee per payment"),
  ).toHaveValue("40");
});

test("the fee amounts speak Chinese to a Chinese browser", async ({ browser, merchant }) => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await openSignedIn(page, merchant.accounts.manager);
  const dialog = await editAlipay(page, "编辑");
  await dialog.getByLabel("币种").fill("CNY, JPY");
  const jpy = dialog.getByRole("group", { name: "JPY" });
  await expect(jpy).toContainText("未设置：在填写金额之前，JPY 的付款只按费率收取手续费。");
  await jpy.getByLabel("每笔固定手续费").fill("0.5");
  await dialog.getByRole("button", { name: "保存修改" }).click();
  await expect(jpy.getByLabel("每笔固定手续费")).toHaveAccessibleDescription(
    "请输入 JPY 金额，例如 12。",
  );
  await context.close();
});

test.describe("on an upright counter tablet", () => {
  test.use({ viewport: { width: 800, height: 1280 }, hasTouch: true });

  test("the fee amounts of two currencies fit and are saved", async ({ managerPage: page }) => {
    const dialog = await editAlipay(page);
    await dialog.getByLabel("Currencies").fill("CNY, KWD");
    const kwd = dialog.getByRole("group", { name: "In KWD" });
    await kwd.getByLabel("Fixed fee per payment").fill("0.125");
    await expect(kwd).toContainText("In KWD with 3 decimals, e.g. 12.500.");
    const overflow = await dialog.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
    await expect(
      page
        .getByRole("region", { name: alipay })
        .getByTestId("fee-rule")
        .locator("[data-currency=KWD]"),
    ).toHaveText("KWD 0.60% + KWD 0.125");
    await expectNoPageOverflow(page);
  });
});
