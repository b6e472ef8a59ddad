import { expect, test } from "./fixtures";

test("the owner changes a risk rule: a number out of range is refused beside it, a valid one kept", async ({
  ownerPage: page,
}) => {
  await page.goto("/settings");
  await expect(page.getByText("Risk rules", { exact: true })).toBeVisible();
  // The card says which rules are on; their forms open on request.
  const rules = page.locator("dl", { hasText: "Repeated failures" });
  await expect(rules).toContainText("Repeated failuresOn");
  await page.getByRole("button", { name: "Change the rules" }).click();
  const rule = page.getByRole("form", { name: "Repeated failures" });
  await expect(rule).toContainText("Raises an order whose payment has failed this many times.");
  const failures = rule.getByLabel("Failed attempts");
  await expect(failures).toHaveValue("3");
  await failures.fill("1");
  await rule.getByRole("button", { name: "Save" }).click();
  await expect(rule.getByText("Enter a whole number from 2 to 100.")).toBeVisible();
  await expect(failures).toHaveAttribute("aria-invalid", "true");
  await failures.fill("4");
  await rule.getByLabel("On").uncheck();
  await rule.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Rule saved")).toBeVisible();
  await page.reload();
  await expect(rules).toContainText("Repeated failuresOff");
  await page.getByRole("button", { name: "Change the rules" }).click();
  const saved = page.getByRole("form", { name: "Repeated failures" });
  await expect(saved.getByLabel("Failed attempts")).toHaveValue("4");
  await expect(saved.getByLabel("On")).not.toBeChecked();
  // A factor takes a fraction.
  const amount = page.getByRole("form", { name: "Unusual amount" });
  await amount.getByLabel("Factor").fill("2.5");
  await amount.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Rule saved").first()).toBeVisible();
});

test("a manager does not see the risk rules", async ({ managerPage: page }) => {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await expect(page.getByText("Risk rules", { exact: true })).toHaveCount(0);
});
