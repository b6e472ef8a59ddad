import { expect, test } from "./fixtures";
import { expectAccessible, paidVoucherCode } from "./voucher-fixtures";

test("a cashier redeems on a phone: big input, check, redeem, nothing to scroll sideways", async ({
  staffPage: page,
}) => {
  const { code } = await paidVoucherCode(page, 1200n);
  await page.goto("/redeem");
  const input = page.getByLabel("Voucher code");
  await expect(input).toBeFocused();
  await expect(page.getByRole("button", { name: "Camera" })).toBeVisible();
  await input.fill(code);
  await page.getByRole("button", { name: "Check" }).click();
  const verdict = page.getByRole("status").filter({ has: page.getByRole("heading") });
  await expect(verdict.getByRole("heading")).toHaveText("Valid");
  // Enter on the same code confirms, as a scanner gun's second scan would.
  await input.press("Enter");
  await expect(verdict.getByRole("heading")).toHaveText("Redeemed");
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath("redeem-phone.png"), fullPage: true });
});
