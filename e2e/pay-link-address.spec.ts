import { rmSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { root } from "../scripts/build-if-needed.mjs";
import { addTestSession, expect, seedTestMerchant, test } from "./fixtures";
import { freshDataFolder, startOwnServer, type OwnServer } from "./own-server";

const alipay = "模拟支付宝 Simulated Alipay";
/** The counter's note under a link no phone can open (the suite's pages are in English). */
const loopbackWarning = "This address opens only on this computer";

/** Creates a ¥18 order and opens a sandbox wallet request; returns the pay link the counter shows. */
async function openWalletRequest(page: Page) {
  await page.goto("/orders/new");
  const row = page.getByRole("group", { name: "Item 1", exact: true });
  await row.getByLabel("Item name").fill("Jasmine tea");
  await row.getByLabel("Unit price").fill("18");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await page.getByRole("button", { name: alipay, exact: true }).click();
  await expect(page.getByRole("img", { name: "Payment QR code" })).toBeVisible();
  const token = (await page.getByRole("link", { name: "Open pay page" }).getAttribute("href"))!;
  expect(token).toMatch(/^\/pay\/[\w-]{20,}$/);
  return { path: token, link: page.getByLabel("Payment link") };
}

/** What the QR on the counter's screen says, read as a customer's camera would (jsQR). */
async function scanQr(page: Page): Promise<string | null> {
  await page.addScriptTag({ path: path.join(root, "node_modules", "jsqr", "dist", "jsQR.js") });
  return page.getByRole("img", { name: "Payment QR code" }).evaluate((img: HTMLImageElement) => {
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext("2d")!;
    context.drawImage(img, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    const decode = (
      window as unknown as {
        jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null;
      }
    ).jsQR;
    return decode(pixels.data, pixels.width, pixels.height)?.data ?? null;
  });
}

// The suite's server listens on 127.0.0.1 alone: no phone can open any of its addresses.
test("a pay link only this computer can open says so at the counter", async ({ staffPage }) => {
  test.slow();
  const { path: payPath, link } = await openWalletRequest(staffPage);
  await expect(link).toHaveValue(new URL(payPath, staffPage.url()).toString());
  await expect(staffPage.getByText(loopbackWarning)).toBeVisible();
  await expect(link).toHaveAccessibleDescription(new RegExp(`^${loopbackWarning}`));
});

test.describe("with a public address (APP_URL)", () => {
  const publicOrigin = "http://hexiao.tea-house.test";
  let server: OwnServer | undefined;
  let dataDir: string | undefined;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dataDir = freshDataFolder("hexiao-pay-link-");
    server = await startOwnServer({
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      DEMO: "0",
      E2E_SEED_ROUTE: "1",
      APP_URL: publicOrigin,
    });
  });

  test.afterAll(async ({}, testInfo) => {
    if (server) {
      await testInfo.attach("pay-link-server.log", {
        body: server.log(),
        contentType: "text/plain",
      });
      await server.stop();
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  // The shop's PC opened the console at its own address and the QR carried that address, which
  // the customer's phone cannot open; customers reach the shop at APP_URL.
  test("the QR and the link the cashier shows lead to the public address", async ({ browser }) => {
    test.slow();
    const context = await browser.newContext({ baseURL: server!.url });
    const page = await context.newPage();
    const merchant = await seedTestMerchant(page.request);
    await addTestSession(page, merchant.accounts.staff);

    const { path: payPath, link } = await openWalletRequest(page);
    const expected = `${publicOrigin}${payPath}`;
    await expect(link).toHaveValue(expected);
    expect(await scanQr(page)).toBe(expected);
    await expect(page.getByText(loopbackWarning)).toHaveCount(0);
    await context.close();
  });
});
