// A real shop's first day: the app starts with no shop (demo mode off), the owner finds the
// setup token in the server's log, creates the shop on /setup, then adds and closes a store.
// This journey needs an empty install, so it starts a server of its own (the suite's server
// runs the demo): the same production build, DEMO=0, a fresh data folder, a free port.
import { rmSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { freshDataFolder, startOwnServer, type OwnServer } from "./own-server";

let server: OwnServer;
let dataDir: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = freshDataFolder("hexiao-setup-journey-");
  server = await startOwnServer({ DATA_DIR: dataDir, DEMO: "0", DATABASE_URL: "" });
  await expect
    .poll(() => /No shop exists yet/.test(server.log()), { timeout: 90_000, intervals: [500] })
    .toBe(true);
});

test.afterAll(async ({}, testInfo) => {
  // The server's own log tells why a page failed: keep it with the results.
  if (server) {
    await testInfo.attach("setup-server.log", { body: server.log(), contentType: "text/plain" });
    await server.stop();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

function tokenFromLog(): string {
  const log = server.log();
  const match = /setup token[^\n]*\n\s+([A-Z2-9]{32})/.exec(log);
  if (!match) throw new Error(`no setup token in the server log:\n${log}`);
  return match[1]!;
}

async function fillShop(page: Page, token: string) {
  await page.getByLabel("Setup token").fill(token);
  await page.getByLabel("Shop name").fill("Harbour Tea");
  await page.getByLabel("Time zone").selectOption("Asia/Hong_Kong");
  await page.getByLabel("Currency").selectOption("HKD");
  await page.getByLabel("First store").fill("Central");
  await page.getByLabel("Your name").fill("Mei");
  await page.getByLabel("Your e-mail (to sign in)").fill("mei@harbour.example");
  await page.getByLabel("Password", { exact: true }).fill("tea-and-toast-42");
  await page.getByLabel("Password again").fill("tea-and-toast-42");
}

test("with no shop, sign-in points to setup; a wrong token creates nothing", async ({ page }) => {
  await page.goto(`${server.url}/sign-in`);
  await expect(page.getByRole("heading", { name: "No shop yet" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Demo accounts" })).toHaveCount(0);
  await page.getByRole("link", { name: "Set up the shop" }).click();
  await expect(page).toHaveURL(`${server.url}/setup`);
  await expect(page.getByRole("heading", { name: "Set up your shop" })).toBeVisible();
  // The time-zone list (fetched once the page runs) starts with the suggestions, not Africa/Abidjan.
  const zones = page.getByLabel("Time zone").locator("option");
  await expect.poll(() => zones.count()).toBeGreaterThan(300);
  const firstZone = zones.first();
  await expect(firstZone).not.toHaveText(/Abidjan/);

  await fillShop(page, "AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH");
  await page.getByRole("button", { name: "Create the shop" }).click();
  await expect(page.getByText("The setup token is not right")).toBeVisible();
});

test("a UTC browser makes no UTC shop by itself: the zone starts unchosen, the detected one is named, the form will not go without a choice, and the currency follows the zone until picked", async ({
  browser,
}) => {
  const context = await browser.newContext({ timezoneId: "UTC", locale: "en-US" });
  const page = await context.newPage();
  await page.goto(`${server.url}/setup`);
  const zone = page.getByLabel("Time zone");
  await expect(page.getByText("Detected in this browser: UTC (listed first).")).toBeVisible();
  const zones = zone.locator("option");
  await expect.poll(() => zones.count()).toBeGreaterThan(300);
  // The list is in and nothing was chosen for the owner: no Asia/Shanghai, no UTC.
  await expect(zone).toHaveValue("");
  await expect(zones.first()).toHaveText("Choose the shop's time zone…");
  await expect(zone.locator("optgroup").first().locator("option").first()).toHaveText(
    "UTC (UTC+00:00) — detected in this browser",
  );
  expect(await zone.evaluate((el: HTMLSelectElement) => el.validity.valueMissing)).toBe(true);
  await zone.selectOption("UTC");
  await expect(zone).toHaveValue("UTC");
  expect(await zone.evaluate((el: HTMLSelectElement) => el.validity.valid)).toBe(true);
  // The currency follows the zone (UTC has none: the default stays) until the owner picks one.
  const currency = page.getByLabel("Currency");
  await expect(currency).toHaveValue("CNY");
  await zone.selectOption("America/New_York");
  await expect(currency).toHaveValue("USD");
  await currency.selectOption("EUR");
  await zone.selectOption("Asia/Tokyo");
  await expect(currency).toHaveValue("EUR");
  await context.close();
});

test("the setup page reads in Chinese on a phone", async ({ browser }) => {
  const context = await browser.newContext({
    locale: "zh-CN",
    viewport: { width: 390, height: 844 },
    isMobile: true,
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/setup`);
  await expect(page.getByRole("heading", { name: "创建您的店铺" })).toBeVisible();
  await expect(page.getByLabel("初始化令牌")).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/setup-zh-390.png", fullPage: true });
  await context.close();
});

test("the right token creates the shop and signs the owner in; setup is gone", async ({ page }) => {
  await page.goto(`${server.url}/setup`);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.screenshot({ path: "test-results/e2e/setup-en-1280.png", fullPage: true });
  await fillShop(page, tokenFromLog());
  await page.getByRole("button", { name: "Create the shop" }).click();
  // One transaction writes the shop, the owner's hashed password and every training guide.
  await expect(page).toHaveURL(`${server.url}/`, { timeout: 60_000 });
  await expect(page.getByText("Harbour Tea").first()).toBeVisible();

  const gone = await page.goto(`${server.url}/setup`);
  expect(gone?.status()).toBe(404);
});

test("the owner adds a store, then closes it after confirming", async ({ page }) => {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill("mei@harbour.example");
  await page.getByLabel("Password", { exact: true }).fill("tea-and-toast-42");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${server.url}/`);

  await page.getByRole("link", { name: "Stores" }).first().click();
  await expect(page.getByRole("heading", { name: "Stores" })).toBeVisible();
  await page.getByRole("button", { name: "Add store" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Kowloon");
  await dialog.getByLabel("Monday").fill("9-5");
  await dialog.getByRole("button", { name: "Add store" }).click();
  await expect(dialog.getByText(/Write hours like 08:00-18:00/).first()).toBeVisible();
  await dialog.getByLabel("Monday").fill("09:00-17:00");
  await dialog.getByLabel("Receipt header").fill("Thank you for visiting");
  await dialog.getByRole("button", { name: "Add store" }).click();
  await expect(page.getByText("Store added.")).toBeVisible();

  const card = page.getByRole("listitem").filter({ hasText: "Kowloon" });
  await expect(card.getByText("09:00-17:00")).toBeVisible();
  await card.getByRole("button", { name: "Close store" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Close Kowloon?");
  await confirm.getByRole("button", { name: "Close store" }).click();
  await expect(card.getByText(/Closed since/)).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/e2e/stores-en-390.png", fullPage: true });
});

test("a real shop's new payment method is never the sandbox wallet, which could take no payment there", async ({
  page,
}) => {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill("mei@harbour.example");
  await page.getByLabel("Password", { exact: true }).fill("tea-and-toast-42");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${server.url}/`);

  await page.goto(`${server.url}/payment-methods`);
  await page.getByRole("button", { name: "Add method" }).click();
  const kind = page.getByRole("dialog").getByLabel("Kind");
  await expect(kind).toHaveValue("cash");
  await expect(kind.locator("option")).toHaveText([
    "Cash",
    "Alipay",
    "WeChat Pay",
    "PayPal",
    "Card (Stripe)",
  ]);
});
