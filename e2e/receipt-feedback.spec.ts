import type { Browser, Page } from "@playwright/test";
import superjson from "superjson";
import { expect, test } from "./fixtures";
import { mutate, paymentMethodsOf, query } from "./trpc-http";

/** What a customer types that must stay text everywhere: no image loads, no script runs. */
const hostile = `<img src=x onerror=alert(1)> Milk was cold`;

/**
 * An order paid in the sandbox wallet through the API, as the customer's phone would: the
 * wallet's notification settles it. Returns the order and its receipt's code.
 */
async function paidInWallet(page: Page, amountMinor: bigint) {
  const me = await query<{ stores: { id: string }[] }>(page, "me.get");
  const methods = await paymentMethodsOf(page);
  const wallet = methods.find((m) => m.kind === "sandbox" && m.enabled)!;
  const order = await mutate<{ id: string; number: string }>(page, "orders.create", {
    storeId: me.stores[0]!.id,
    currency: "CNY",
    amountMinor,
  });
  await mutate(page, "orders.requestPayment", { orderId: order.id, methodId: wallet.id });
  const detail = () =>
    query<{ status: string; attempts: { token: string }[] }>(page, "orders.byId", {
      orderId: order.id,
    });
  await mutate(page, "pay.sandboxConfirm", {
    token: (await detail()).attempts[0]!.token,
    pin: "123456",
    outcome: "pay",
  });
  await expect.poll(async () => (await detail()).status, { timeout: 20_000 }).toBe("paid");
  const voucher = await query<{ code: string }>(page, "vouchers.forOrder", { orderId: order.id });
  return { orderId: order.id, orderNumber: order.number, code: voucher.code };
}

/** The customer's own phone: a narrow screen, no sign-in, in their language. */
async function customerPhone(browser: Browser, locale: string) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale,
  });
  const phone = await context.newPage();
  // Any dialog would mean the comment ran as code.
  phone.on("dialog", (d) => {
    throw new Error(`a dialog opened: ${d.message()}`);
  });
  return { context, phone };
}

/** A second answer for the same receipt, sent as a replaying client would: refused. */
async function secondAnswer(phone: Page, code: string) {
  const res = await phone.request.post("/api/trpc/feedback.submit", {
    data: superjson.serialize({ code, score: 5 }),
  });
  expect(res.ok()).toBe(false);
  expect(await res.text()).toContain("feedbackAlreadyGiven");
}

test("a customer rates their receipt once; the owner filters the inbox, replies, and the order shows the note", async ({
  ownerPage,
  browser,
}) => {
  test.slow();
  const { orderId, orderNumber, code } = await paidInWallet(ownerPage, 2600n);

  const { context, phone } = await customerPhone(browser, "en-US");
  await phone.goto(`/r/${code}`);
  // The question is behind a button (its script loads when opened); focus goes to the scores.
  await phone.getByRole("button", { name: "Rate your visit" }).click();
  const form = phone.getByRole("form", { name: "How was your visit?" });
  await expect(form.getByRole("radio", { name: "1 — very unhappy" })).toBeFocused();
  await form.getByRole("button", { name: "Send" }).click();
  await expect(form.getByRole("alert")).toHaveText("Choose a score first.");
  await form.getByRole("radio", { name: "2 — unhappy" }).check({ force: true });
  await expect(form.getByText("2 — unhappy", { exact: true })).toBeVisible();
  await form.getByLabel("Anything to tell the shop? (optional)").fill(hostile);
  await form.getByRole("button", { name: "Send" }).click();
  await expect(phone.locator("[data-feedback-done]")).toHaveText(
    "Thank you! The shop has your answer.",
  );
  await phone.screenshot({ path: test.info().outputPath("receipt-rated.png"), fullPage: true });
  // Coming back, the receipt says it is answered and asks nothing; a replayed post is refused.
  await phone.reload();
  await expect(phone.locator("[data-feedback-done]")).toHaveText(
    "You rated this purchase 2 out of 5. Thank you!",
  );
  await expect(phone.getByRole("button", { name: "Send" })).toHaveCount(0);
  await secondAnswer(phone, code);
  await context.close();

  // The owner's inbox, filtered to the unhappy ones: the comment is text, not an image.
  await ownerPage.goto("/feedback");
  await ownerPage.getByLabel("Score").selectOption({ label: "Unhappy (1–2)" });
  await expect(ownerPage).toHaveURL(/score=low/);
  const row = ownerPage.getByRole("row").filter({ hasText: orderNumber });
  await expect(row).toContainText("2 / 5");
  await expect(row.locator("[data-comment]")).toHaveText(hostile);
  await expect(ownerPage.locator("main img[src='x']")).toHaveCount(0);
  await ownerPage.getByLabel("Score").selectOption({ label: "5 / 5" });
  await expect(ownerPage.getByText("No answers match these filters")).toBeVisible();
  await ownerPage.getByLabel("Score").selectOption({ label: "2 / 5" });
  await expect(row).toBeVisible();

  await row.getByRole("button", { name: "Reply" }).click();
  const dialog = ownerPage.getByRole("dialog", { name: `Reply to order ${orderNumber}` });
  await dialog.getByLabel("Your reply").fill("Called the customer; a free coffee next visit.");
  await dialog.getByRole("button", { name: "Save reply" }).click();
  await expect(dialog).toBeHidden();
  await expect(ownerPage.getByText("Reply saved as a support note")).toBeVisible();
  await expect(row).toContainText("Called the customer; a free coffee next visit.");
  await expect(row.getByRole("button", { name: "Reply" })).toHaveCount(0);
  await ownerPage.screenshot({ path: test.info().outputPath("inbox.png"), fullPage: true });

  await ownerPage.goto(`/orders/${orderId}`);
  await expect(ownerPage.getByText("Support notes")).toBeVisible();
  await expect(
    ownerPage.getByText("Called the customer; a free coffee next visit.", { exact: false }),
  ).toBeVisible();
});

test.describe("中文", () => {
  test.use({ locale: "zh-CN" });

  test("顾客在小票上评分一次，店主在反馈中筛选并回复，订单页显示客服备注", async ({
    ownerPage,
    browser,
  }) => {
    test.slow();
    const { orderId, orderNumber, code } = await paidInWallet(ownerPage, 1800n);

    const { context, phone } = await customerPhone(browser, "zh-CN");
    await phone.goto(`/r/${code}`);
    await phone.getByRole("button", { name: "评价这次消费" }).click();
    const form = phone.getByRole("form", { name: "这次消费体验如何？" });
    await form.getByRole("radio", { name: "1 分 — 很不满意" }).check({ force: true });
    await form.getByLabel("想对商家说点什么？（选填）").fill(hostile);
    await form.getByRole("button", { name: "提交" }).click();
    await expect(phone.locator("[data-feedback-done]")).toHaveText("谢谢！商家已收到你的评价。");
    await phone.reload();
    await expect(phone.locator("[data-feedback-done]")).toHaveText(
      "你给这次消费打了 1 分（满分 5 分）。谢谢！",
    );
    await secondAnswer(phone, code);
    await phone.screenshot({
      path: test.info().outputPath("receipt-rated-zh.png"),
      fullPage: true,
    });
    await context.close();

    await ownerPage.goto("/feedback");
    await ownerPage.getByLabel("评分").selectOption({ label: "1 / 5" });
    await expect(ownerPage).toHaveURL(/score=1/);
    const row = ownerPage.getByRole("row").filter({ hasText: orderNumber });
    await expect(row.locator("[data-comment]")).toHaveText(hostile);
    await expect(ownerPage.locator("main img[src='x']")).toHaveCount(0);
    await row.getByRole("button", { name: "回复" }).click();
    const dialog = ownerPage.getByRole("dialog", { name: `回复订单 ${orderNumber}` });
    await dialog.getByLabel("你的回复").fill("已致电顾客，下次赠送一杯咖啡。");
    await dialog.getByRole("button", { name: "保存回复" }).click();
    await expect(dialog).toBeHidden();
    await expect(ownerPage.getByText("回复已保存为客服备注")).toBeVisible();

    await ownerPage.goto(`/orders/${orderId}`);
    await expect(ownerPage.getByText("已致电顾客，下次赠送一杯咖啡。")).toBeVisible();
  });
});
