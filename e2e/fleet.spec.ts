// Two app instances on one PostgreSQL database, as behind a load balancer: the cashier's
// counter screen is served by instance A, the customer's phone reaches instance B, and the
// wallet's notification lands on B. The counter on A must turn Paid live all the same: the
// change crosses over PostgreSQL's NOTIFY to A's LISTEN. The suite's own server runs on the
// embedded database (single-process by design), so this journey starts two servers of its own
// on a scratch database of the PostgreSQL server in TEST_DATABASE_URL, and is skipped without it.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createScratchPostgres } from "@/test/scratch-postgres";
import { demoAccount, signIn } from "./fixtures";
import { startOwnServer, type OwnServer } from "./own-server";

const postgres = process.env.TEST_DATABASE_URL;
const alipay = "模拟支付宝 Simulated Alipay";

test.describe("two instances on one PostgreSQL", () => {
  test.skip(!postgres, "needs PostgreSQL: set TEST_DATABASE_URL");
  test.describe.configure({ mode: "serial" });

  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  const servers: OwnServer[] = [];

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    scratch = await createScratchPostgres(postgres!, "hexiao_e2e");
    const env = {
      DATABASE_URL: scratch.url,
      DEMO: "1",
      INTERNAL_URL: "",
      // Every instance signs sessions, decrypts credentials and seals the audit log with the same keys.
      AUTH_SECRET: randomBytes(32).toString("base64"),
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      AUDIT_KEY: randomBytes(32).toString("hex"),
    };
    // One after the other: the first migrates and seeds the demo shop, the second finds it.
    servers.push(await startOwnServer(env));
    servers.push(await startOwnServer(env));
  });

  test.afterAll(async ({}, testInfo) => {
    for (const [i, server] of servers.entries()) {
      await testInfo.attach(`instance-${"AB"[i]}.log`, {
        body: server.log(),
        contentType: "text/plain",
      });
      await server.stop();
    }
    await scratch?.drop();
  });

  test("the counter on instance A turns Paid when the customer pays through instance B", async ({
    browser,
  }) => {
    test.slow();
    const [a, b] = servers as [OwnServer, OwnServer];
    const counter = await browser.newContext({ baseURL: a.url });
    const page = await counter.newPage();
    await signIn(page, demoAccount("staff"));
    await page.goto("/orders/new");
    const row = page.getByRole("group", { name: "Item 1", exact: true });
    await row.getByLabel("Item name").fill("Flat white");
    await row.getByLabel("Qty").fill("1");
    await row.getByLabel("Unit price").fill("32");
    await page.getByRole("button", { name: "Create order" }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
    await page.getByRole("button", { name: alipay, exact: true }).click();
    const payPath = await page.getByRole("link", { name: "Open pay page" }).getAttribute("href");
    expect(payPath).toMatch(/^\/pay\/[\w-]{20,}$/);
    // Live: the page listens on instance A and has stopped its fallback polling.
    const live = page.getByText("Live: updates as the payment happens");
    await expect(live).toBeVisible();
    // Proof that the counter page is never reloaded: a marker that a reload would wipe.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    // The customer's phone reaches the other instance; its wallet notifies that instance.
    const phone = await browser.newContext({
      baseURL: b.url,
      viewport: { width: 390, height: 844 },
      locale: "zh-CN",
    });
    const customer = await phone.newPage();
    await customer.goto(payPath!);
    await expect(customer.getByText("¥32.00").first()).toBeVisible();
    await customer.getByRole("link", { name: `使用${alipay}付款` }).click();
    await customer.getByLabel("支付密码").fill("123456");
    await customer.getByRole("radio", { name: "付款" }).check();
    await customer.getByRole("button", { name: "确认付款" }).click();
    await expect(customer.getByRole("heading", { name: "支付成功" })).toBeVisible({
      timeout: 20_000,
    });

    await expect(page.getByTestId("paid-state")).toHaveText("Paid", { timeout: 20_000 });
    await expect(live).toBeVisible();
    expect(
      await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere),
    ).toBe(true);
    await phone.close();
    await counter.close();
  });
});
