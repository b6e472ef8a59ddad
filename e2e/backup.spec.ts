// The owner's backup from Settings. A backup holds every shop of the install, and the suite's
// server holds one shop per test: there the owner is told why the download is not offered.
// The download itself needs an install with one shop, so that journey starts a server of its
// own (as first-run-setup.spec.ts does): the same build, the demo café, a fresh data folder.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { demoAccount, expect, signIn, test } from "./fixtures";
import { freshDataFolder, startOwnServer, type OwnServer } from "./own-server";

test("a cashier sees no backup; an owner among several shops is told why", async ({
  staffPage,
  ownerPage,
}) => {
  await staffPage.goto("/settings");
  await expect(staffPage.getByRole("heading", { name: "Shop profile" })).toBeVisible();
  await expect(staffPage.getByRole("heading", { name: "Backup" })).toHaveCount(0);
  await expect(staffPage.getByRole("button", { name: "Download a backup" })).toHaveCount(0);

  await ownerPage.goto("/settings");
  await expect(ownerPage.getByRole("heading", { name: "Backup" })).toBeVisible();
  await expect(ownerPage.getByText(/a backup holds every shop/)).toBeVisible();
  await expect(ownerPage.getByRole("button", { name: "Back up now" })).toHaveCount(0);
  await expect(ownerPage.getByRole("button", { name: "Download a backup" })).toHaveCount(0);
});

// Two installs, started once for the group: one with the demo café to back up, and a new empty
// one (another machine: demo off, its own data folder and secrets) whose setup screen restores it.
test.describe("in an install with one shop", () => {
  test.describe.configure({ mode: "serial" });
  let server: OwnServer;
  let fresh: OwnServer;
  let dataDir: string;
  let newDir: string;
  let backupFile = "";

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dataDir = freshDataFolder("hexiao-backup-journey-");
    newDir = freshDataFolder("hexiao-restore-journey-");
    // Health answers once the demo café and its history are in.
    [server, fresh] = await Promise.all([
      startOwnServer({ DATA_DIR: dataDir, DEMO: "1", DATABASE_URL: "", E2E_SEED_ROUTE: "" }),
      startOwnServer({ DATA_DIR: newDir, DEMO: "0", DATABASE_URL: "", E2E_SEED_ROUTE: "" }),
    ]);
  });

  test.afterAll(async ({}, testInfo) => {
    for (const [name, own] of [
      ["backup-server", server],
      ["restore-server", fresh],
    ] as const) {
      if (!own) continue;
      await testInfo.attach(`${name}.log`, { body: own.log(), contentType: "text/plain" });
      await own.stop();
    }
    for (const dir of [dataDir, newDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the restore screen speaks Chinese on a phone and asks for the file first", async ({
    page,
  }) => {
    // The suite's server has shops: the screen is not offered there.
    expect((await page.request.get("/setup/restore")).status()).toBe(404);
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: fresh.url }]);
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${fresh.url}/setup/restore`);
    await expect(page.getByRole("heading", { name: "恢复备份" })).toBeVisible();
    await page.getByLabel("初始化令牌").fill("ABCD");
    await page.getByRole("button", { name: "恢复" }).click();
    await expect(page.getByText("请先选择备份文件。")).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test("the owner downloads an encrypted backup", async ({ browser }) => {
    // The server packs and encrypts the demo café's 90 days: at a load of 25 on two cores the
    // download alone took over a minute, so it gets a slow test's time.
    test.slow();
    // A browser of the group's server, whose free port is known only once it started.
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signIn(page, demoAccount("owner"));
    await page.goto("/settings");
    await page.getByLabel("Passphrase (optional)").fill("a passphrase to keep");
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download a backup" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^hexiao-\d{8}T\d{6}Z\.backup$/);
    const bytes = readFileSync(await download.path());
    // The archive's header: its magic, format 1, mode 1 (encrypted).
    expect(bytes.subarray(0, 8).toString("latin1")).toBe("HEXIAOBK");
    expect([...bytes.subarray(8, 10)]).toEqual([1, 1]);
    expect(bytes.length).toBeGreaterThan(100_000);
    backupFile = path.join(dataDir, "downloaded.backup");
    writeFileSync(backupFile, bytes);
    await context.close();
  });

  test("a new install restores it from the setup screen, refusing a wrong passphrase", async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await expect.poll(() => /setup token/.test(fresh.log()), { timeout: 30_000 }).toBe(true);
    const token = /setup token[^\n]*\n\s+([A-Z2-9]{32})/.exec(fresh.log())![1]!;

    await page.goto(`${fresh.url}/setup`);
    await page.getByRole("link", { name: /Restore its backup instead/ }).click();
    await expect(page.getByRole("heading", { name: "Restore a backup" })).toBeVisible();
    await page.getByLabel("Setup token").fill(token);
    await page.getByTestId("backup-file").setInputFiles(backupFile);
    await expect(page.getByText(/downloaded\.backup \(/)).toBeVisible();
    await page.getByLabel("Passphrase").fill("not the passphrase");
    await page.getByRole("button", { name: "Restore" }).click();
    await expect(
      page.getByText("The passphrase is not the one this backup was encrypted with."),
    ).toBeVisible();
    // Refused with nothing kept: the install still offers setup.
    expect((await fetch(`${fresh.url}/setup/restore`)).status).toBe(200);

    await page.getByLabel("Passphrase").fill("a passphrase to keep");
    await page.getByRole("button", { name: "Restore" }).click();
    await expect(page.getByText("Restored and verified")).toBeVisible({ timeout: 120_000 });
    await expect(page.getByText(/every table's row count and checksum equal/)).toBeVisible();
    // New secrets here: the demo's wallet credentials cannot be read, and the page says so.
    await expect(page.getByText(/encrypted with the old server's key/)).toBeVisible();
    await expect(page.getByText(/signed with the old server's audit key/)).toBeVisible();

    await page.getByRole("link", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "No shop yet" })).toHaveCount(0);
    // The setup screens are gone once a shop exists.
    expect((await fetch(`${fresh.url}/setup/restore`)).status).toBe(404);
  });
});
