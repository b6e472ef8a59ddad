import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, expectNoPageOverflow, openSignedIn, test } from "./fixtures";
import { mutate, query } from "./trpc-http";
import { paidVoucherCode } from "./voucher-fixtures";

/** A cash order paid at the counter by whoever is on `page`, and a refund of it asked for. */
async function askedRefund(page: Page, amountMinor: bigint, redeemFirst = false) {
  const { orderId, code } = await paidVoucherCode(page, amountMinor);
  if (redeemFirst) {
    const me = await query<{ stores: { id: string }[] }>(page, "me.get");
    await mutate(page, "vouchers.redeem", { code, storeId: me.stores[0]!.id });
  }
  await mutate(page, "refunds.request", { orderId, amountMinor, reason: "wrong_amount" });
  const order = await query<{ number: string }>(page, "orders.byId", { orderId });
  return { orderId, number: order.number };
}

test("a cashier's refund waits in the manager's queue with the badge; approved, it is refunded", async ({
  staffPage,
  managerPage: page,
  merchant,
}) => {
  // The voucher was already used: the approval shows who used it and asks again.
  const { orderId, number } = await askedRefund(staffPage, 4200n, true);

  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  const refundsLink = nav.getByRole("link", { name: /^Refunds/ });
  await expect(refundsLink.getByTestId("refunds-awaiting-badge")).toHaveText(
    /^1 1 refund awaits approval$/,
  );
  await refundsLink.click();
  await expect(page.getByRole("heading", { name: "Refunds", level: 1 })).toBeVisible();
  await page.getByRole("tab", { name: "To approve (1)" }).click();
  await expect(page).toHaveURL(/status=awaiting_approval/);

  const row = page.getByRole("row").filter({ hasText: number });
  await expect(row).toContainText("CN¥42.00");
  await expect(row).toContainText("Awaiting approval");
  await expect(row).toContainText(`Asked by ${merchant.accounts.staff.name}`);
  await expect(row.getByRole("link", { name: number })).toHaveAttribute(
    "href",
    `/orders/${orderId}`,
  );

  await row.getByRole("button", { name: "Approve" }).click();
  const dialog = page.getByRole("dialog", { name: "Approve this refund?" });
  await expect(dialog).toContainText("CN¥42.00");
  await dialog.getByRole("button", { name: "Approve refund" }).click();
  await expect(dialog.getByRole("alert")).toContainText(
    `already used (1 time), last by ${merchant.accounts.staff.name}`,
  );
  await dialog.screenshot({ path: test.info().outputPath("approve-voucher-dialog.png") });
  await dialog.getByRole("button", { name: "Refund anyway" }).click();
  await expect(dialog).toBeHidden();

  // Out of the queue, the badge gone; in the list, refunded (cash is handed over at once).
  await expect(page.getByText("Nothing to approve")).toBeVisible();
  await expect(refundsLink.getByTestId("refunds-awaiting-badge")).toHaveCount(0);
  await page.getByRole("tab", { name: "All refunds" }).click();
  const done = page.getByRole("row").filter({ hasText: number });
  await expect(done).toContainText("Refunded");
  await expect(done).toContainText(`Approved by ${merchant.accounts.manager.name}`);

  // A phone shows each refund as a card that never scrolls sideways; a wide screen, a table.
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expect(done).toBeVisible();
    await expectNoPageOverflow(page);
    await page.screenshot({ path: test.info().outputPath(`refunds-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // The order number search finds it; the export carries the filters, in English.
  await page.getByLabel("Order no.").fill(number.slice(-4));
  await page.getByLabel("Order no.").press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${number.slice(-4)}`));
  await expect(page.getByRole("row").filter({ hasText: number })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^refunds-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path())).toString("utf8");
  expect(csv.startsWith("\uFEFFAsked at,Order no.,")).toBe(true);
  expect(csv).toContain(`,${number},`);
  expect(csv).toContain(",Refunded,succeeded,");
});

test("退款被经理拒绝并填写原因（中文）", async ({ browser, staffPage, merchant }) => {
  const { number } = await askedRefund(staffPage, 1500n);
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await openSignedIn(page, merchant.accounts.manager);
  await page.goto("/refunds?status=awaiting_approval");
  await expect(page.getByRole("heading", { name: "退款", level: 1 })).toBeVisible();
  await expect(page.getByRole("tab", { name: "待审批（1）" })).toHaveAttribute(
    "aria-selected",
    "true",
  );

  const row = page.getByRole("row").filter({ hasText: number });
  await row.getByRole("button", { name: "拒绝" }).click();
  const dialog = page.getByRole("dialog", { name: "拒绝此退款？" });
  // A reason is required.
  await dialog.getByRole("button", { name: "拒绝退款" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("请填写原因（至少 2 个字）。");
  await dialog.getByLabel("原因").fill("顾客已换货");
  await dialog.getByRole("button", { name: "拒绝退款" }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole("tab", { name: "全部退款" }).click();
  const refused = page.getByRole("row").filter({ hasText: number });
  await expect(refused).toContainText("失败或已拒绝");
  await expect(refused).toContainText(
    `${merchant.accounts.manager.name} <${merchant.accounts.manager.email}> 拒绝`,
  );
  await expect(refused).toContainText("拒绝原因：顾客已换货");
  await context.close();
});
