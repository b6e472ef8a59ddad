import { randomBytes } from "node:crypto";
import { demoAccount, expect, pressAfterPointing, signIn, test } from "./fixtures";

test("the order search finds an order by part of an item name and part of its number", async ({
  staffPage: page,
}) => {
  const tag = randomBytes(3).toString("hex");
  await page.goto("/orders/new");
  const row = page.getByRole("group", { name: "Item 1", exact: true });
  await row.getByLabel("Item name").fill(`Yuzu Tonic ${tag}`);
  await row.getByLabel("Qty").fill("1");
  await row.getByLabel("Unit price").fill("32");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  const number = (await page
    .getByRole("heading", { level: 1 })
    .locator(".font-mono")
    .textContent())!.trim();

  await page.goto("/orders");
  const search = page.getByLabel("Search");
  // A fragment of the item name, in another case.
  await search.fill(`tonic ${tag.toUpperCase()}`);
  await search.press("Enter");
  await expect(page.getByRole("row", { name: new RegExp(number) })).toBeVisible();
  await expect(page.getByText("1 order", { exact: true })).toBeVisible();

  // The middle of the number: the end of the date and the start of the sequence.
  await search.fill(number.slice(4, 11));
  await search.press("Enter");
  await expect(page.getByRole("row", { name: new RegExp(number) })).toBeVisible();
});

// On the install's demo shop: only its 90 days of history hold pending orders older than an
// hour. Closing them changes nothing another test reads (their orders are minutes old).
test("a manager closes stale pending orders after a confirmation; a cashier is not offered it", async ({
  page,
}) => {
  await signIn(page, demoAccount("staff"));
  await page.goto("/orders");
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Close stale orders" })).toHaveCount(0);
  await page.context().clearCookies();

  await signIn(page, demoAccount("manager"));
  await page.goto("/orders");
  // The confirmation's script was fetched when its button was pointed at.
  const dialog = page.getByRole("alertdialog", { name: "Close stale pending orders" });
  await pressAfterPointing(page, page.getByRole("button", { name: "Close stale orders" }), dialog);
  const hours = dialog.getByLabel("Waiting for payment for more than");
  await hours.fill("0");
  await expect(dialog.getByText("Enter a whole number of hours from 1 to 720.")).toBeVisible();
  await hours.fill("1");
  const count = dialog.getByText(/orders? will be closed\.|No pending order is that old\./);
  await expect(count).toBeVisible();
  const close = dialog.getByRole("button", { name: /^Close \d+ orders?$/ });
  // The demo shop's history may or may not hold pending orders older than an hour.
  if (await close.isEnabled()) {
    await close.click();
    await expect(page.getByText(/closed as expired/)).toBeVisible();
    await expect(dialog).toBeHidden();
    await page.getByRole("button", { name: "Close stale orders" }).click();
    await dialog.getByLabel("Waiting for payment for more than").fill("1");
  }
  await expect(dialog.getByText("No pending order is that old.")).toBeVisible();
  await dialog.getByRole("button", { name: "Keep them" }).click();
  await expect(dialog).toBeHidden();
});
