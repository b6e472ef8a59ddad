import { expect, test } from "./fixtures";

const wechat = "模拟微信支付 Simulated WeChat Pay";

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
