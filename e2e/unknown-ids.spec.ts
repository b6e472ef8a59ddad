import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** Detail pages whose id names nothing in the shop (an id of nothing reads the same as another shop's). */
const detailPages = [
  "/orders",
  "/reconciliation/statements",
  "/promotions",
  "/alerts",
  "/failures",
].map((path) => `${path}/${randomUUID()}`);

async function expectNotFound(page: Page, path: string, heading: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(404);
  await expect(page.getByRole("heading", { name: heading })).toBeVisible();
}

test("an unknown id on a detail page is the not-found page, with HTTP 404", async ({
  ownerPage: page,
}) => {
  for (const path of [...detailPages, "/guides/no-such-guide"])
    await expectNotFound(page, path, "Page not found");
});

test("an unknown receipt code is a 404", async ({ page }) => {
  const res = await page.goto("/r/NOSUCHCODE0000");
  expect(res?.status()).toBe(404);
});

test.describe("in Chinese", () => {
  test.use({ locale: "zh-CN" });

  test("an unknown order is the not-found page in Chinese, with HTTP 404", async ({
    ownerPage: page,
  }) => {
    await expectNotFound(page, `/orders/${randomUUID()}`, "页面不存在");
  });
});
