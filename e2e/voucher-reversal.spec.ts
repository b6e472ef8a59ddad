import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";
import { expectAccessible, grouped, paidVoucherCode } from "./voucher-fixtures";

test("a manager reverses a redemption with a reason, after confirming; the log shows it", async ({
  managerPage: page,
  merchant,
}) => {
  const { code } = await paidVoucherCode(page);
  await page.goto("/redeem");
  const input = page.getByLabel("Voucher code");
  await input.fill(code);
  await input.press("Enter");
  await expect(page.getByRole("status").getByRole("heading")).toHaveText("Valid");
  await input.press("Enter");
  await expect(page.getByRole("status").getByRole("heading")).toHaveText("Redeemed");

  const recent = page.getByRole("region", { name: "Recent redemptions" });
  const row = recent.getByRole("listitem").filter({ hasText: grouped(code) });
  await row.getByRole("button", { name: "Reverse" }).click();
  const dialog = page.getByRole("dialog", { name: `Reverse the redemption of ${grouped(code)}?` });
  await dialog.getByRole("button", { name: "Reverse redemption" }).click();
  // A reason is required: nothing happens without one.
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Reason").fill("Scanned the wrong customer's code");
  await dialog.getByRole("button", { name: "Reverse redemption" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Reversed: Scanned the wrong customer's code");

  // Usable again.
  await input.fill(code);
  await input.press("Enter");
  await expect(page.getByRole("status").getByRole("heading")).toHaveText("Valid");

  await page.goto("/vouchers");
  const log = page.getByRole("region", { name: "Redemption log" });
  await log.getByLabel("State").selectOption("reversed");
  await expect(log.getByRole("row").filter({ hasText: grouped(code) })).toContainText(
    `Reversed by ${merchant.accounts.manager.name}`,
  );
  await expect(page.getByRole("heading", { name: "Outstanding" })).toBeVisible();
  await expectAccessible(page);
  // The log's download carries its filters; the file is in the user's language.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^redemptions-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path())).toString("utf8");
  expect(csv.startsWith("\uFEFFRedeemed at,Voucher code,")).toBe(true);
  const line = csv.split("\r\n").find((l) => l.includes(grouped(code)));
  expect(line).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+08:00,/);
  expect(line).toContain(",Reversed,");
  expect(line).toContain("Scanned the wrong customer's code");
  // The address the README gave before still answers.
  const old = await page.request.get("/api/vouchers/redemptions.csv?state=reversed");
  expect(old.ok()).toBe(true);
  expect(await old.text()).toContain(grouped(code));
});

test("a cashier may redeem but neither reverse nor open the voucher log", async ({
  staffPage: page,
}) => {
  const { code } = await paidVoucherCode(page);
  await page.goto("/redeem");
  const input = page.getByLabel("Voucher code");
  await input.fill(code);
  await input.press("Enter");
  await expect(page.getByRole("status").getByRole("heading")).toHaveText("Valid");
  await input.press("Enter");
  await expect(page.getByRole("status").getByRole("heading")).toHaveText("Redeemed");
  const recent = page.getByRole("region", { name: "Recent redemptions" });
  await expect(recent.getByText(grouped(code))).toBeVisible();
  await expect(recent.getByRole("button", { name: "Reverse" })).toHaveCount(0);
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  await expect(nav.getByRole("link", { name: "Redeem" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Vouchers" })).toHaveCount(0);
  await page.goto("/vouchers");
  await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
  expect((await page.request.get("/api/exports/redemptions")).status()).toBe(403);
  expect((await page.request.get("/api/vouchers/redemptions.csv")).status()).toBe(403);
});

test("a manager voids a voucher on its order, with a reason; the counter is told why", async ({
  managerPage: page,
}) => {
  const { code, orderId } = await paidVoucherCode(page);
  await page.goto(`/orders/${orderId}`);
  const card = page.getByRole("region", { name: "Receipt and voucher" });
  await expect(card).toContainText(grouped(code));
  await card.getByRole("button", { name: "Void" }).click();
  const dialog = page.getByRole("dialog", { name: `Void voucher ${grouped(code)}?` });
  await dialog.getByLabel("Reason").fill("Customer reported it lost");
  await dialog.getByRole("button", { name: "Void voucher" }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toContainText("Voided: Customer reported it lost");
  await expect(card.getByRole("button", { name: "Void" })).toHaveCount(0);

  await page.goto("/redeem");
  const input = page.getByLabel("Voucher code");
  await input.fill(code);
  await input.press("Enter");
  const verdict = page.getByRole("status").filter({ has: page.getByRole("heading") });
  await expect(verdict.getByRole("heading")).toHaveText("Void");
  await expect(verdict).toContainText("This voucher was voided: Customer reported it lost");
});
