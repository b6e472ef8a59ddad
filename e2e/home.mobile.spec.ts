import { expect, test } from "@playwright/test";
import { demoAccount, expectNoPageOverflow, signIn } from "./fixtures";

test("on a phone Home, analytics and the progress matrix never scroll the page sideways", async ({
  page,
}) => {
  await signIn(page, demoAccount("owner"));
  await expect(page.getByRole("heading", { name: "Today's takings" })).toBeVisible();
  await expectNoPageOverflow(page);

  await page.goto("/analytics");
  // Five tabs do not fit 390 px: the views are a list to pick from.
  const view = page.getByLabel("View", { exact: true });
  await expect(view).toBeVisible();
  await view.selectOption({ label: "Traffic" });
  await expect(page).toHaveURL(/tab=traffic/);
  const heatmap = page.getByRole("region", { name: /by weekday and hour/ });
  await expect(heatmap).toBeVisible();
  await expect(page.getByText("Swipe sideways to see every hour")).toBeVisible();
  // The heatmap scrolls in its own box and the weekday labels stay in view while it does.
  await heatmap.evaluate((el) => el.scrollBy(400, 0));
  await expect(heatmap.getByRole("rowheader", { name: "Mon" })).toBeInViewport();
  await expectNoPageOverflow(page);

  await view.selectOption({ label: "Compare methods" });
  await expect(page.getByRole("table").first()).toBeVisible();
  await expectNoPageOverflow(page);

  await page.goto("/guides/progress");
  await expect(page.getByRole("table")).toBeVisible();
  await expectNoPageOverflow(page);
});
