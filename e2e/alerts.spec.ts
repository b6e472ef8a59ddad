import { checkCharacter } from "@/server/vouchers/voucher-code.logic";
import { expect, expectNoPageOverflow, test } from "./fixtures";
import { mutate, query } from "./trpc-http";

/**
 * A cashier types five well-formed codes that do not exist: the redeem screen's guard raises
 * a "codes being guessed" alert (the path a real counter takes).
 */
async function guessCodes(page: Parameters<typeof query>[0]) {
  const me = await query<{ stores: { id: string }[] }>(page, "me.get");
  const storeId = me.stores[0]!.id;
  for (let i = 0; i < 5; i++) {
    const body = `QQQQQQQQQQ${"23456"[i]}`;
    await mutate(page, "vouchers.check", { code: body + checkCharacter(body), storeId });
  }
}

test("a manager opens a raised alert, resolves it with a note, and the badge goes", async ({
  staffPage,
  managerPage: page,
  ownerPage,
  merchant,
}) => {
  test.slow();
  await guessCodes(staffPage);
  // The cashier's role has no alerts area.
  await staffPage.goto("/alerts");
  await expect(staffPage.getByText("Not available for your role")).toBeVisible();

  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  const alertsLink = nav.getByRole("link", { name: /^Alerts/ });
  await expect(alertsLink.getByTestId("alerts-open-badge")).toHaveText(/^1 1 alert is open$/);
  const tile = page.getByRole("main").locator("section").filter({ hasText: "Open alerts" });
  await expect(tile.first()).toContainText("Voucher codes being guessed");

  await alertsLink.click();
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "Voucher codes being guessed" });
  await expect(row).toContainText("5 wrong voucher codes were typed within 10 minutes");
  await expect(row).toContainText("Open");
  await row.getByRole("link").first().click();

  await expect(
    page.getByRole("heading", { name: "Voucher codes being guessed", level: 1 }),
  ).toBeVisible();
  const numbers = page.getByRole("region", { name: "The numbers" });
  await expect(numbers).toContainText("Wrong codes");
  await expect(numbers).toContainText("5");
  const staff = merchant.accounts.staff;
  await expect(page.getByRole("main")).toContainText(`Team member ${staff.name} <${staff.email}>`);

  await page.getByRole("button", { name: "Resolve…" }).click();
  const dialog = page.getByRole("dialog", { name: "Resolve this alert" });
  await dialog.getByRole("button", { name: "Resolve" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Write a note before resolving.");
  await dialog.getByLabel("Note").fill("Asked the cashier: a customer's old voucher slips.");
  await dialog.getByRole("button", { name: "Resolve" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Alert resolved")).toBeVisible();
  await expect(page.getByRole("main")).toContainText(
    "Note: Asked the cashier: a customer's old voucher slips.",
  );
  await expect(page.getByRole("main")).toContainText("Resolved");
  await expect(alertsLink.getByTestId("alerts-open-badge")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Resolve…" })).toHaveCount(0);

  // The list by state: nothing open any more, the alert among the resolved.
  await page.goto("/alerts?status=open");
  await expect(page.getByText("No alerts match these filters")).toBeVisible();
  await page.goto("/alerts?status=resolved");
  await expect(
    page.getByRole("row").filter({ hasText: "Voucher codes being guessed" }),
  ).toHaveCount(1);

  // The owner reads it in Chinese.
  await ownerPage.goto("/");
  await ownerPage.getByRole("button", { name: "Language" }).click();
  await ownerPage.getByRole("menuitemradio", { name: "简体中文" }).click();
  await ownerPage.goto("/alerts");
  await expect(ownerPage.getByRole("heading", { name: "告警", level: 1 })).toBeVisible();
  const zhRow = ownerPage.getByRole("row").filter({ hasText: "有人在猜券码" });
  await expect(zhRow).toContainText("已解决");
  await expect(zhRow).toContainText("10 分钟内输错了 5 次券码");
  await expect(ownerPage.getByText("产生告警时发邮件给店主")).toBeVisible();

  // On a phone, neither the list nor the alert scrolls sideways.
  await ownerPage.setViewportSize({ width: 390, height: 844 });
  await ownerPage.reload();
  await expect(ownerPage.getByRole("heading", { name: "告警", level: 1 })).toBeVisible();
  await expectNoPageOverflow(ownerPage);
  await zhRow.getByRole("link").first().click();
  await expect(ownerPage.getByRole("heading", { name: "有人在猜券码", level: 1 })).toBeVisible();
  await expectNoPageOverflow(ownerPage);
});

test("an empty shop shows the empty state, and only an owner changes the e-mail setting", async ({
  managerPage: page,
}) => {
  await page.goto("/alerts");
  await expect(page.getByText("No alerts", { exact: true })).toBeVisible();
  const email = page.getByRole("checkbox", { name: "E-mail the owners when an alert is raised" });
  await expect(email).toBeDisabled();
  await expect(page.getByText("Only an owner can change this.")).toBeVisible();
});
