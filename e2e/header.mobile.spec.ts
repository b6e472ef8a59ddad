import type { Locator, Page } from "@playwright/test";
import { expect, randomEmail, openSignedIn, signInNewMember, test } from "./fixtures";
import { mutate } from "./trpc-http";

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The header's controls do not overlap one another and stay on the screen. */
async function expectHeaderFits(page: Page, width: number, shopName?: string) {
  await page.setViewportSize({ width, height: 800 });
  const header = page.getByRole("banner");
  const items: [string, Locator][] = [
    ["menu", header.getByRole("button", { name: "Open menu" })],
    // One shop: its name as text; several (the practice shop too): the switcher.
    [
      "shop",
      shopName
        ? header.getByTitle(shopName)
        : header.getByRole("button", { name: "Switch merchant" }),
    ],
    ["store", header.getByRole("button", { name: /^Store: / })],
    ["language", header.getByRole("button", { name: "Language" })],
    ["account", header.getByRole("button", { name: "Account menu" })],
  ];
  const boxes: [string, Box][] = [];
  for (const [name, locator] of items) {
    await expect(locator, name).toBeVisible();
    const box = (await locator.boundingBox())!;
    expect(box.x, `${name} starts on the screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${name} ends on the screen`).toBeLessThanOrEqual(width);
    boxes.push([name, box]);
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, boxA] = boxes[i]!;
      const [b, boxB] = boxes[j]!;
      expect(overlap(boxA, boxB), `${a} overlaps ${b} at ${width} px`).toBe(false);
    }
  // Both names keep a readable part, not just an ellipsis.
  for (const name of ["shop", "store"]) {
    const box = boxes.find(([n]) => n === name)![1];
    expect(box.width, `${name} at ${width} px`).toBeGreaterThanOrEqual(80);
  }
}

test("after entering the practice shop the phone header still fits: shop, store, language, account", async ({
  page,
  browser,
  merchant,
}) => {
  test.slow();
  // A cashier of their own, so that the practice shop is theirs alone.
  const owner = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await openSignedIn(owner, merchant.accounts.owner);
  const email = randomEmail("header");
  await mutate(owner, "team.add", {
    email,
    name: `Header ${email.slice(7, 15)}`,
    role: "staff",
    password: "first-pass-123",
  });
  await owner.close();

  await signInNewMember(page, email, "first-pass-123");
  await expectHeaderFits(page, 390, "示例咖啡馆 Demo Café");
  await page.goto("/guides");
  await page.getByRole("button", { name: "Start practising" }).click();
  await expect(page).toHaveURL(/\/orders\/new$/);
  await expect(page.getByRole("status").filter({ hasText: "Practice mode." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Switch merchant" })).toContainText("Practice");

  await expectHeaderFits(page, 390);
  await expectHeaderFits(page, 360);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
