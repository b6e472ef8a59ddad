import {
  demoAccount,
  expect,
  expectNoPageOverflow,
  inEachLanguage,
  showsWholeValue,
  signIn,
  test,
} from "./fixtures";

// A 10-inch counter tablet held upright: wide enough for the console's sidebar, which then
// leaves the page about 500 px; the screens must lay out for that width, not the window's.
test.use({ viewport: { width: 800, height: 1280 }, hasTouch: true });

test("the redeem screen shows the whole voucher code on an upright tablet", async ({
  staffPage: page,
}) => {
  await page.goto("/redeem");
  const input = page.getByLabel("Voucher code");
  await input.fill("7KQ4-MZ8C-RT2X");
  expect(await showsWholeValue(input)).toBe(true);
  await expectNoPageOverflow(page);
});

test("the vouchers and analytics pages fit an upright tablet, their filters readable", async ({
  page,
}) => {
  await signIn(page, demoAccount("owner"));
  await page.goto("/vouchers");
  const log = page.getByRole("region", { name: "Redemption log" });
  await expect(log.getByLabel("Store")).toBeVisible();
  await expect(page.getByTestId("outstanding").first()).toBeVisible();
  await expectNoPageOverflow(page);
  for (const label of ["Store", "Staff", "State"]) {
    expect.soft(await showsWholeValue(log.getByLabel(label)), label).toBe(true);
  }

  await page.goto("/analytics");
  for (const label of ["Period", "Store"]) {
    const select = page.getByLabel(label, { exact: true });
    await expect(select).toBeVisible();
    expect.soft(await showsWholeValue(select), label).toBe(true);
  }
  await expectNoPageOverflow(page);

  await page.goto("/failures/analytics");
  // Named as its heading says, apart from the analytics page above.
  await expect(page).toHaveTitle("Failure analytics · Hexiao");
  await expect(page.getByRole("list", { name: "Trend by day" })).toBeVisible();
  await expectNoPageOverflow(page);
});

test("the new order's store, item name and the settings' time zone have room on an upright tablet", async ({
  page,
}) => {
  await signIn(page, demoAccount("owner"));
  await page.goto("/orders/new");
  const store = page.getByLabel("Store", { exact: true });
  await expect(store).toBeVisible();
  expect(await showsWholeValue(store)).toBe(true);
  // The first item's name has a field of its own width, not what fixed columns leave of a row.
  const itemName = page.getByRole("textbox", { name: "Item name" }).first();
  await expect(itemName).toBeVisible();
  expect((await itemName.boundingBox())?.width ?? 0).toBeGreaterThan(200);

  await page.goto("/settings");
  const zone = page.getByLabel("Time zone", { exact: true });
  await expect(zone).toBeVisible();
  expect(await showsWholeValue(zone)).toBe(true);
  await expectNoPageOverflow(page);
});

test("the orders search shows its whole hint on an upright tablet, in both languages", async ({
  staffPage: page,
}) => {
  await page.goto("/orders");
  const search = page.getByRole("search").getByRole("searchbox");
  await expect(search).toBeVisible();
  for (const hint of inEachLanguage("orders", "orderList.filters.searchPlaceholder")) {
    expect.soft(await showsWholeValue(search, hint), hint).toBe(true);
  }
});

test("every checkbox is big enough for a finger and shows the keyboard's focus", async ({
  ownerPage: page,
}) => {
  for (const path of ["/payment-methods", "/alerts", "/promotions"]) {
    await page.goto(path);
    const boxes = page.getByRole("main").getByRole("checkbox");
    await expect(boxes.first()).toBeVisible();
    for (const box of await boxes.all()) {
      if (!(await box.isVisible())) continue;
      const { width, height } = (await box.boundingBox())!;
      expect.soft(Math.min(width, height), path).toBeGreaterThanOrEqual(24);
    }
  }
  // Reached by the keyboard, the last page's first checkbox is outlined.
  const box = page.getByRole("main").getByRole("checkbox").first();
  await box.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect(box).toBeFocused();
  expect(await box.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe("none");
});
