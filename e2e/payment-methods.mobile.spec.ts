import { expect, expectNoPageOverflow, test } from "./fixtures";

const alipay = "模拟支付宝 Simulated Alipay";

test("a method's fee amounts per currency are typed and saved on a phone", async ({
  managerPage: page,
}) => {
  await page.goto("/payment-methods");
  await page.getByRole("button", { name: `Edit ${alipay}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Currencies").fill("CNY, JPY");
  const jpy = dialog.getByRole("group", { name: "In JPY" });
  const fixed = jpy.getByLabel("Fixed fee per payment");
  // A yen amount has no decimals: the phone offers digits only.
  await expect(fixed).toHaveAttribute("inputmode", "numeric");
  await fixed.fill("40");
  const overflow = await dialog.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page
      .getByRole("region", { name: alipay })
      .getByTestId("fee-rule")
      .locator("[data-currency=JPY]"),
  ).toHaveText("JPY 0.60% + ¥40");
  await expectNoPageOverflow(page);
});
