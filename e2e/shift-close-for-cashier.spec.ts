import { expect, expectNoPageOverflow, openSignedIn, test } from "./fixtures";
import { paidVoucherCode } from "./voucher-fixtures";

// The back office's tablet.
test.use({ viewport: { width: 1024, height: 768 } });

test("a cashier removed with their shift open: a manager closes it for them by counting, with a reason, and the owner confirms; the manager's own close still works", async ({
  staffPage: staff,
  managerPage: manager,
  ownerPage: owner,
  merchant,
  browser,
}) => {
  test.slow();
  const cashierName = merchant.accounts.staff.name;
  const managerName = merchant.accounts.manager.name;

  // The cashier opens a drawer with 300.00 and takes 15.00 in cash.
  await staff.goto("/shifts");
  await staff.getByLabel("Float (cash in the drawer now)").fill("300");
  await staff.getByRole("button", { name: "Open shift" }).click();
  await expect(staff.getByTestId("drawer-figures")).toContainText("CN¥300.00");
  await paidVoucherCode(staff, 1500n);

  // The owner removes the cashier from the team: the shift stays open in the managers' list.
  await owner.goto("/team");
  await owner.getByRole("button", { name: `Remove ${cashierName}` }).click();
  await owner
    .getByRole("alertdialog", { name: `Remove ${cashierName} from the team?` })
    .getByRole("button", { name: "Remove" })
    .click();
  await expect(owner.getByRole("row", { name: new RegExp(cashierName) })).toHaveCount(0);

  // The owner, on a phone in Chinese, sees it open and may close it for them; not now (Escape).
  const zh = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  const ownerZh = await zh.newPage();
  await openSignedIn(ownerZh, merchant.accounts.owner);
  await ownerZh.goto("/shifts");
  const zhRow = ownerZh.getByTestId("shift-row").filter({ hasText: cashierName });
  await expect(zhRow).toContainText("进行中");
  await expect(zhRow).toContainText("已不在团队");
  await zhRow.getByRole("button", { name: "代为交班…" }).click();
  const zhDialog = ownerZh.getByRole("dialog", { name: "代收银员交班" });
  await expect(zhDialog.getByLabel("代为交班的原因")).toBeVisible();
  await zhDialog.getByText("按面额清点").click();
  await expectNoPageOverflow(ownerZh);
  await ownerZh.screenshot({ path: "test-results/e2e/shift-close-for-count-zh.png" });
  await ownerZh.keyboard.press("Escape");
  await expect(zhDialog).toBeHidden();

  // The manager keeps a drawer of their own: its row offers no closing for someone else.
  await manager.goto("/shifts");
  await manager.getByLabel("Float (cash in the drawer now)").fill("100");
  await manager.getByRole("button", { name: "Open shift" }).click();
  await expect(manager.getByTestId("drawer-figures").first()).toContainText("CN¥100.00");
  const ownRow = manager.getByTestId("shift-row").filter({ hasText: managerName });
  await expect(ownRow).toContainText("Open");
  await expect(ownRow.getByRole("button", { name: "Close for cashier…" })).toHaveCount(0);

  // On the manager's phone.
  await manager.setViewportSize({ width: 390, height: 844 });
  const row = manager.getByTestId("shift-row").filter({ hasText: cashierName });
  await expect(row).toContainText("Open");
  await expect(row).toContainText("No longer in the team");
  await expect(ownRow).not.toContainText("No longer in the team");
  await expectNoPageOverflow(manager);
  await row.getByRole("button", { name: "Close for cashier…" }).click();

  // With the keyboard: the count has the focus; a missing reason is refused before the check.
  const dialog = manager.getByRole("dialog", { name: "Close a shift for its cashier" });
  await expect(dialog).toContainText(cashierName);
  await expect(dialog.getByLabel("Cash counted")).toBeFocused();
  await manager.screenshot({ path: "test-results/e2e/shift-close-for-count-en-phone.png" });
  await manager.keyboard.type("305");
  await manager.keyboard.press("Enter");
  await expect(dialog.getByText("Say why you close this shift for its cashier.")).toBeVisible();
  await dialog.getByLabel("Why you close it").fill("Left the shop with the drawer open");
  await manager.keyboard.press("Enter");

  // The check before closing: the drawer's figures appear only now, against the count.
  const check = manager.getByRole("dialog", { name: "Check before closing" });
  await expect(check.getByTestId("drawer-figures")).toContainText("CN¥315.00");
  await expect(check).toContainText("Short by CN¥10.00");
  await expect(check).toContainText("Reason: Left the shop with the drawer open");
  await manager.screenshot({ path: "test-results/e2e/shift-close-for-check-en.png" });
  await check.getByRole("button", { name: "Close shift" }).click();
  await expect(check).toBeHidden();

  // Shown as the manager's close for the cashier; the manager counted it, so does not confirm it.
  await expect(row).toContainText("Awaiting confirmation");
  await expect(row.getByTestId("closed-for")).toContainText(`Closed by ${managerName}`);
  await expect(row.getByTestId("closed-for")).toContainText(`for ${cashierName}`);
  await expect(row).toContainText("Left the shop with the drawer open");
  await expect(row.getByRole("button", { name: "Confirm…" })).toHaveCount(0);
  await expectNoPageOverflow(manager);
  await manager.setViewportSize({ width: 1024, height: 768 });

  // The manager's own close, as ever, from My shift.
  await manager.getByRole("button", { name: "Close shift…" }).click();
  const own = manager.getByRole("dialog", { name: "Close the shift" });
  await own.getByLabel("Cash counted").fill("100");
  await own.getByRole("button", { name: "Review" }).click();
  await manager
    .getByRole("dialog", { name: "Check before closing" })
    .getByRole("button", { name: "Close shift" })
    .click();
  await expect(manager.getByRole("status").filter({ hasText: "Shift closed" })).toContainText(
    "Even",
  );

  // The owner confirms, in Chinese, on a phone: the close names both people.
  await ownerZh.reload();
  await expect(zhRow).toContainText("待确认");
  await expect(zhRow.getByTestId("closed-for")).toContainText("代");
  await expectNoPageOverflow(ownerZh);
  await ownerZh.screenshot({
    path: "test-results/e2e/shift-close-for-list-zh.png",
    fullPage: true,
  });
  await zhRow.getByRole("button", { name: "确认…" }).click();
  const confirm = ownerZh.getByRole("dialog", { name: "确认班次" });
  await expect(confirm.getByTestId("closed-for")).toContainText(managerName);
  await confirm.getByLabel("备注").fill("经理与店主一起清点，短款 10 元待查");
  await confirm.getByRole("button", { name: "确认" }).click();
  await expect(confirm).toBeHidden();
  await expect(zhRow).toContainText("已确认");
  await zh.close();
});

test("the owner's open shift: a manager sees that the owner closes it, with no button to close it for them", async ({
  ownerPage: owner,
  managerPage: manager,
  merchant,
}) => {
  const ownerName = merchant.accounts.owner.name;
  await owner.goto("/shifts");
  await owner.getByLabel("Float (cash in the drawer now)").fill("50");
  await owner.getByRole("button", { name: "Open shift" }).click();
  await expect(owner.getByTestId("drawer-figures").first()).toContainText("CN¥50.00");

  await manager.goto("/shifts");
  const row = manager.getByTestId("shift-row").filter({ hasText: ownerName });
  await expect(row).toContainText("Open");
  await expect(row).toContainText("The owner closes their own shift");
  await expect(row.getByRole("button", { name: "Close for cashier…" })).toHaveCount(0);
});
