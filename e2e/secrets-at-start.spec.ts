// What an install says at start-up about the secrets its data was sealed with: a damaged
// secrets file stops it (the file kept as it was), and an ENCRYPTION_KEY other than the one the
// provider credentials were sealed with is said in plain words. Servers of the spec's own.
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, seedTestMerchant, test } from "./fixtures";
import { freshDataFolder, startOwnServer } from "./own-server";

// Secrets from the data folder (not the suite's environment), the embedded engine.
const ownSecrets = { AUTH_SECRET: "", ENCRYPTION_KEY: "", DATABASE_URL: "", E2E_SEED_ROUTE: "" };

test("a damaged secrets file stops the start, named, and is left as it was", async () => {
  test.setTimeout(200_000);
  const dataDir = freshDataFolder("hexiao-secrets-damaged-");
  try {
    const file = path.join(dataDir, "secrets.json");
    const damaged = '{"authSecret": "cut short';
    writeFileSync(file, damaged);
    await expect(startOwnServer({ ...ownSecrets, DATA_DIR: dataDir, DEMO: "0" })).rejects.toThrow(
      /secrets\.json does not hold this install's secrets/,
    );
    expect(readFileSync(file, "utf8")).toBe(damaged);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a restart with another ENCRYPTION_KEY says the stored credentials do not open", async ({
  playwright,
}) => {
  test.setTimeout(400_000);
  const dataDir = freshDataFolder("hexiao-secrets-key-");
  try {
    // A shop of the seed route (the demo café's methods, made by the same createDemoShop as the
    // install's demo) seals its sandbox wallets' keys with the key generated into the folder;
    // the install's demo would add its 90 days of history, the most of this test's time.
    const first = await startOwnServer({
      ...ownSecrets,
      E2E_SEED_ROUTE: "1", // with the run's E2E_SEED_TOKEN, from the environment
      DATA_DIR: dataDir,
      DEMO: "0",
    });
    const request = await playwright.request.newContext({ baseURL: first.url });
    await seedTestMerchant(request);
    await request.dispose();
    await first.stop();
    expect(first.log()).not.toContain("does not open the stored credentials");

    const other = randomBytes(32).toString("base64");
    const second = await startOwnServer({
      ...ownSecrets,
      ENCRYPTION_KEY: other,
      DATA_DIR: dataDir,
      DEMO: "0",
    });
    await second.stop();
    expect(second.log()).toMatch(
      /ENCRYPTION_KEY does not open the stored credentials of [1-9]\d* payment method\(s\)/,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
