import { expect, openSignedIn, test } from "./fixtures";
import { paidVoucherCode } from "./voucher-fixtures";

test("a cashier asks for part of an order back, a manager approves it on the order, the receipt shows it", async ({
  staffPage,
  managerPage,
  page,
  merchant,
}) => {
  const { orderId, code } = await paidVoucherCode(staffPage, 2800n);

  // The cashier asks on the order page: part of it, with a reason and a note.
  await staffPage.goto(`/orders/${orderId}`);
  const card = staffPage.getByTestId("order-refunds");
  await expect(card).toContainText("No refunds yet.");
  await card.getByRole("button", { name: "Refund" }).click();
  const dialog = staffPage.getByRole("dialog", { name: "Refund" });
  await expect(dialog).toContainText("Left to refund of the 现金 Cash payment: CN¥28.00");
  await dialog.getByText("Part of it").click();
  await dialog.getByLabel("Amount to refund").fill("30");
  await dialog.getByRole("button", { name: "Refund" }).click();
  await expect(dialog.getByText("At most CN¥28.00 is left to refund.")).toBeVisible();
  // The field in error takes the focus and names its error; fixed, the error goes as it is typed.
  const amount = dialog.getByLabel("Amount to refund");
  await expect(amount).toBeFocused();
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  await expect(amount).toHaveAccessibleDescription("At most CN¥28.00 is left to refund.");
  await amount.fill("8.50");
  await expect(amount).not.toHaveAttribute("aria-invalid");
  await expect(dialog.getByText("At most CN¥28.00 is left to refund.")).toHaveCount(0);
  await dialog.getByLabel("Reason").selectOption({ label: "Problem with the goods" });
  await dialog.getByLabel("Note").fill("Cold coffee");
  await dialog.getByRole("button", { name: "Refund" }).click();
  await expect(dialog).toBeHidden();
  await expect(
    staffPage.getByText("Refund of CN¥8.50 sent for a manager's approval."),
  ).toBeVisible();
  await expect(card).toContainText("Awaiting approval");
  await expect(card).toContainText("Problem with the goods — Cold coffee");
  await expect(card).toContainText("Waits for a manager's approval");
  await expect(card.getByRole("button", { name: "Approve" })).toHaveCount(0);

  // The manager decides on the same order page; cash is handed back at once.
  await managerPage.goto(`/orders/${orderId}`);
  const managerCard = managerPage.getByTestId("order-refunds");
  await managerCard.getByRole("button", { name: "Approve" }).click();
  const approve = managerPage.getByRole("dialog", { name: "Approve this refund?" });
  await expect(approve).toContainText("CN¥8.50");
  await approve.getByRole("button", { name: "Approve refund" }).click();
  await expect(approve).toBeHidden();
  await expect(managerCard).toContainText("Refunded");
  await expect(managerPage.getByRole("heading", { level: 1 })).toContainText("Partly refunded");
  await expect(managerPage.getByText("Refund of CN¥8.50 done")).toBeVisible();
  // What is left to refund is what was paid less what went back.
  await managerCard.getByRole("button", { name: "Refund" }).click();
  await expect(managerPage.getByRole("dialog", { name: "Refund" })).toContainText(
    "Left to refund of the 现金 Cash payment: CN¥19.50",
  );
  await managerPage.screenshot({
    path: test.info().outputPath("refund-dialog-manager.png"),
  });
  await managerPage.keyboard.press("Escape");
  await managerPage.screenshot({
    path: test.info().outputPath("order-page-refunded.png"),
    fullPage: true,
  });

  // The customer's receipt (no sign-in) lists the refund; a partial refund keeps the voucher.
  await page.goto(`/r/${code}`);
  const refunds = page.locator("[data-refunds]");
  await expect(refunds).toContainText("Refunded on");
  await expect(refunds).toContainText("−CN¥8.50");
  await expect(page.getByText("Valid", { exact: true })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("receipt.png"), fullPage: true });
  expect(merchant.merchantId).toBeTruthy();
});

test.describe("中文", () => {
  test.use({ locale: "zh-CN" });

  test("收银员申请全额退款，经理在订单页批准，小票显示退款且券作废", async ({
    browser,
    staffPage,
    merchant,
  }) => {
    const { orderId, code } = await paidVoucherCode(staffPage, 1500n);
    await staffPage.goto(`/orders/${orderId}`);
    const card = staffPage.getByTestId("order-refunds");
    await card.getByRole("button", { name: "退款" }).click();
    const dialog = staffPage.getByRole("dialog", { name: "退款" });
    await expect(dialog).toContainText("全部可退金额");
    await dialog.getByLabel("退款原因").selectOption({ label: "其他" });
    await dialog.getByRole("button", { name: "确认退款" }).click();
    await expect(dialog.getByText("请在备注中说明原因。").first()).toBeVisible();
    await expect(dialog.getByLabel("备注")).toBeFocused();
    await expect(dialog.getByLabel("备注")).toHaveAttribute("aria-invalid", "true");
    await dialog.getByLabel("备注").fill("顾客临时有事");
    await dialog.getByRole("button", { name: "确认退款" }).click();
    await expect(dialog).toBeHidden();
    await expect(card).toContainText("待审批");

    const context = await browser.newContext({ locale: "zh-CN" });
    const manager = await context.newPage();
    await openSignedIn(manager, merchant.accounts.manager);
    await manager.goto(`/orders/${orderId}`);
    const managerCard = manager.getByTestId("order-refunds");
    await managerCard.getByRole("button", { name: "批准" }).click();
    await manager.getByRole("dialog").getByRole("button", { name: /批准/ }).last().click();
    await expect(managerCard).toContainText("已退款");
    await expect(manager.getByRole("heading", { level: 1 })).toContainText("已退款");
    // Everything paid went back: nothing is left to refund.
    await expect(managerCard.getByRole("button", { name: "退款" })).toBeDisabled();

    await manager.goto(`/r/${code}`);
    await expect(manager.locator("[data-refunds]")).toContainText("退款");
    await expect(manager.locator("[data-refunds]")).toContainText("¥15.00");
    await expect(manager.getByText("已作废", { exact: true })).toBeVisible();
    await context.close();
  });
});
