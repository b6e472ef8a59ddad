import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// The end-to-end suite drives the system's Chromium, never a browser downloaded by Playwright.
// Its headless shell (Debian package `chromium-headless-shell`) first: the full browser's
// headless mode runs the whole browser without a window, and a run of 22 tests took 308 s of
// CPU with it against 192 s with the shell (server included; the same tests passed).
const chromiumCandidates = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];
const chromiumPath =
  process.env.CHROMIUM_PATH || chromiumCandidates.find((candidate) => existsSync(candidate));
if (!chromiumPath || !existsSync(chromiumPath)) {
  throw new Error(
    `Chromium not found at ${process.env.CHROMIUM_PATH || chromiumCandidates.join(" or ")}: install it with \`apt-get install -y chromium-headless-shell\` (or chromium) or set CHROMIUM_PATH`,
  );
}

const port = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://127.0.0.1:${port}`;
const isCI = !!process.env.CI;

// The seed route's token (e2e/fixtures.ts → POST /api/testing/merchants), new for each run.
// This file is loaded by the runner and again by every worker: the runner's value reaches the
// workers through the environment they inherit, and the server through webServer.env.
process.env.E2E_SEED_TOKEN ??= randomBytes(32).toString("hex");
// Where the server makes the run's migrated empty install, which every server of the run starts
// from (scripts/e2e-install-template.ts; e2e/own-server.ts → freshDataFolder), passed the same way.
process.env.E2E_INSTALL_TEMPLATE ??= path.join(
  os.tmpdir(),
  `hexiao-e2e-template-${randomBytes(6).toString("hex")}`,
);

export default defineConfig({
  testDir: "e2e",
  // Artifacts (screenshots, traces) in a subfolder: Playwright empties its outputDir at the
  // start of a run, and scripts/test.mjs keeps vitest.json next to it in test-results/.
  outputDir: "test-results/e2e",
  // Every test that changes something has a merchant of its own (e2e/fixtures.ts), so tests
  // run in any order, side by side. Two workers: this machine and CI have 2 cores, and the
  // server under test shares them.
  workers: 2,
  fullyParallel: true,
  // Two browsers and the server share those cores: each step gets more time than the
  // defaults (30 s a test, 5 s an expectation). Tests wait by polling, never by sleeping.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  // scripts/test.mjs counts results from the JSON report.
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL,
    locale: "en-US",
    screenshot: "only-on-failure",
    // A failed test keeps its trace, with a DOM snapshot before and after each action; the
    // screencast's frames are left out: encoding them cost every test about a sixth of its time.
    // On CI, where a failed test runs again, only that retry records one: recording every
    // test's trace to keep the few that fail cost about 2 s of browser and runner CPU a test
    // (15 % of the suite's), and the retry's trace shows the same failure (or the flake passing).
    trace: { mode: isCI ? "on-first-retry" : "retain-on-failure", screenshots: false },
    browserName: "chromium",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox", // CI runs as root, where Chromium's sandbox refuses to start
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage", // containers often have a tiny /dev/shm
      ],
    },
  },
  projects: [
    {
      name: "desktop",
      testIgnore: /.*\.mobile\.spec\.ts/,
      use: { viewport: { width: 1440, height: 900 } },
    },
    {
      name: "phone",
      testMatch: /.*\.mobile\.spec\.ts/,
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${baseURL}/api/health`,
    // Includes `next build` when the code changed since the last build.
    timeout: 600_000,
    reuseExistingServer: false,
    env: {
      E2E_PORT: String(port),
      E2E_SEED_TOKEN: process.env.E2E_SEED_TOKEN,
      E2E_INSTALL_TEMPLATE: process.env.E2E_INSTALL_TEMPLATE,
    },
    // Without this Playwright SIGKILLs the server, and e2e-server.mjs could not remove its data folder.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
  },
});
