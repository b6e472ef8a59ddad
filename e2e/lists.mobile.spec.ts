import { expect, test } from "@playwright/test";
import {
  demoAccount,
  expectNoPageOverflow,
  inEachLanguage,
  showsWholeValue,
  signIn,
} from "./fixtures";

test("on a phone the orders, failures and team lists are labelled cards that never scroll sideways", async ({
  page,
}) => {
  await signIn(page, demoAccount("owner"));

  await page.goto("/orders");
  const orders = page.getByRole("table", { name: "Orders" });
  const order = orders.getByRole("row").first();
  await expect(order).toBeVisible();
  // Each value carries its column's name, since a card has no header row above it.
  await expect(order).toContainText("Amount");
  await expect(order).toContainText("Status");
  await expectNoPageOverflow(page);
  // The whole card is the order's link.
  const number = (await order.getByRole("link").textContent())!.trim();
  await order.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(number);

  await page.goto("/failures");
  await expect(page.getByRole("table").getByRole("row").first()).toBeVisible();
  await expectNoPageOverflow(page);

  await page.goto("/team");
  const owner = page.getByRole("row", { name: /Wang \(owner\)/ });
  await expect(owner.getByLabel(/^Role of /)).toBeVisible();
  await expect(owner).toContainText("Joined");
  await expectNoPageOverflow(page);
});

test("on a phone the orders search shows its whole hint, in both languages", async ({ page }) => {
  await signIn(page, demoAccount("staff"));
  await page.goto("/orders");
  const search = page.getByRole("search").getByRole("searchbox");
  await expect(search).toBeVisible();
  for (const hint of inEachLanguage("orders", "orderList.filters.searchPlaceholder")) {
    expect.soft(await showsWholeValue(search, hint), hint).toBe(true);
  }
});
