import type { Page } from "@playwright/test";
import { expect, expectNoPageOverflow, openSignedIn, test } from "./fixtures";
import { paidVoucherCode } from "./voucher-fixtures";

// The counter's tablet: 1024×768, by touch.
test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true });

/** The drawer's figures block on the cashier's shift panel. */
const figures = (page: Page) => page.getByTestId("drawer-figures").first();

test("a cashier opens a shift with a float, takes cash, pays a supplier and closes short; a manager confirms with a note", async ({
  staffPage: staff,
  managerPage: manager,
  merchant,
}) => {
  test.slow();
  await staff.goto("/");
  await staff
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Shift" })
    .click();
  await expect(staff.getByRole("heading", { name: "Shift", level: 1 })).toBeVisible();
  await expect(staff.getByText("You have no open shift at this store.")).toBeVisible();

  await staff.getByLabel("Float (cash in the drawer now)").fill("abc");
  await staff.getByRole("button", { name: "Open shift" }).tap();
  await expect(staff.getByText("Enter an amount, e.g. 12.50.")).toBeVisible();
  await staff.getByLabel("Float (cash in the drawer now)").fill("500");
  await staff.getByRole("button", { name: "Open shift" }).tap();
  await expect(figures(staff)).toContainText("Expected in the drawer");
  await expect(figures(staff)).toContainText("CN¥500.00");

  // A cash sale at the counter lands in the open shift.
  await paidVoucherCode(staff, 2800n);
  await staff.reload();
  await expect(figures(staff)).toContainText("+ CN¥28.00");
  await expect(figures(staff)).toContainText("CN¥528.00");
  const methods = staff.getByRole("table");
  await expect(methods).toContainText("Cash");
  await expect(methods).toContainText("CN¥28.00");

  await staff.getByRole("button", { name: "Record a paid-out" }).tap();
  const paidOut = staff.getByRole("dialog", { name: "Cash out of the drawer" });
  await paidOut.getByLabel("For").selectOption({ label: "A supplier" });
  await paidOut.getByLabel("Amount").fill("20");
  await paidOut.getByLabel("Reason").fill("Milk delivery");
  await paidOut.getByRole("button", { name: "Record" }).tap();
  await expect(paidOut).toBeHidden();
  await expect(figures(staff)).toContainText("CN¥508.00");
  await expect(staff.getByText("Milk delivery")).toBeVisible();
  await expectNoPageOverflow(staff);
  await staff.screenshot({ path: "test-results/e2e/shift-open-en.png", fullPage: true });

  // Closing: count, then check expected against counted before the shift closes for good.
  await staff.getByRole("button", { name: "Close shift…" }).tap();
  const close = staff.getByRole("dialog", { name: "Close the shift" });
  await close.getByLabel("Cash counted").fill("505");
  await close.getByRole("button", { name: "Review" }).tap();
  const check = staff.getByRole("dialog", { name: "Check before closing" });
  await expect(check).toContainText("CN¥508.00");
  await expect(check).toContainText("Short by CN¥3.00");
  await staff.screenshot({ path: "test-results/e2e/shift-close-check-en.png" });
  await check.getByRole("button", { name: "Close shift" }).tap();
  await expect(check).toBeHidden();
  await expect(staff.getByRole("status").filter({ hasText: "Shift closed" })).toContainText(
    "Short by CN¥3.00",
  );

  // The manager's list: the shift awaits confirmation; a difference needs a note.
  await manager.goto("/shifts");
  const row = manager
    .getByTestId("shift-row")
    .filter({ hasText: merchant.accounts.staff.name })
    .first();
  await expect(row).toContainText("Awaiting confirmation");
  await expect(row).toContainText("Short by CN¥3.00");
  await row.getByRole("button", { name: "Confirm…" }).tap();
  const confirm = manager.getByRole("dialog", { name: "Confirm this shift" });
  await expect(confirm).toContainText("CN¥505.00");
  await confirm.getByRole("button", { name: "Confirm" }).tap();
  await expect(
    confirm.getByText("The count differs: say what was found before confirming."),
  ).toBeVisible();
  await confirm
    .getByLabel("Note")
    .fill("Counted again with the cashier: a coin roll was miscounted");
  await manager.screenshot({ path: "test-results/e2e/shift-confirm-en.png" });
  await confirm.getByRole("button", { name: "Confirm" }).tap();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Confirmed");
  await expect(row).toContainText("a coin roll was miscounted");
  await expectNoPageOverflow(manager);

  // The same screens fit a phone.
  await manager.setViewportSize({ width: 390, height: 844 });
  await expectNoPageOverflow(manager);
  await manager.screenshot({ path: "test-results/e2e/shift-list-phone-en.png", fullPage: true });
});

test("交班 in Chinese: the cashier counts over, the manager confirms with a note", async ({
  browser,
  merchant,
}) => {
  test.slow();
  const zh = await browser.newContext({ locale: "zh-CN" });
  const staff = await zh.newPage();
  await openSignedIn(staff, merchant.accounts.staff);
  await staff
    .getByRole("navigation", { name: "主导航" })
    .getByRole("link", { name: "交班" })
    .click();
  await staff.getByLabel("备用金（钱箱现有现金）").fill("100");
  await staff.getByRole("button", { name: "开班" }).tap();
  await expect(figures(staff)).toContainText("钱箱应有");
  await paidVoucherCode(staff, 1250n);
  await staff.reload();
  await expect(figures(staff)).toContainText("112.50");

  await staff.getByRole("button", { name: "交班…" }).tap();
  const close = staff.getByRole("dialog", { name: "交班" });
  // Counted by notes and coins: one 100, one 10, three 1-yuan, no jiao.
  await close.getByText("按面额清点").tap();
  await close.getByLabel("¥100.00 ×").fill("1");
  await close.getByLabel("¥10.00 ×").fill("1");
  await close.getByLabel("¥1.00 ×").fill("3");
  await expect(close.getByLabel("实点现金")).toHaveValue("113.00");
  await close.getByRole("button", { name: "核对" }).tap();
  const check = staff.getByRole("dialog", { name: "交班前核对" });
  await expect(check).toContainText("长款");
  await expect(check).toContainText("0.50");
  await staff.screenshot({ path: "test-results/e2e/shift-close-check-zh.png" });
  await check.getByRole("button", { name: "确认交班" }).tap();
  await expect(check).toBeHidden();

  const managerContext = await browser.newContext({ locale: "zh-CN" });
  const manager = await managerContext.newPage();
  await openSignedIn(manager, merchant.accounts.manager);
  await manager.goto("/shifts");
  const row = manager
    .getByTestId("shift-row")
    .filter({ hasText: merchant.accounts.staff.name })
    .first();
  await expect(row).toContainText("待确认");
  await expect(row).toContainText("长款");
  await row.getByRole("button", { name: "确认…" }).tap();
  const confirm = manager.getByRole("dialog", { name: "确认班次" });
  await confirm.getByLabel("备注").fill("顾客多给了五角，已记录");
  await confirm.getByRole("button", { name: "确认" }).tap();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("已确认");
  await manager.screenshot({ path: "test-results/e2e/shift-list-zh.png", fullPage: true });
  await zh.close();
  await managerContext.close();
});
