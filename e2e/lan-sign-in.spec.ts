import { test as base, expect, type LaunchOptions } from "@playwright/test";
import { demoAccount, submitSignIn, test as withMerchant } from "./fixtures";
import { paidVoucherCode } from "./voucher-fixtures";

// A counter tablet opens the console by a name on the shop's network, over plain http.
// Browsers keep a Secure cookie from plain http only on localhost, so the suite's usual
// 127.0.0.1 would hide the problem: this spec resolves a made-up LAN name to the server.
const lanHost = "counter.hexiao.test";

/** Chromium resolves the LAN name to the suite's server. */
async function resolveLanHost(
  { launchOptions }: { launchOptions: LaunchOptions },
  provide: (options: LaunchOptions) => Promise<void>,
) {
  await provide({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), `--host-resolver-rules=MAP ${lanHost} 127.0.0.1`],
  });
}

/** The suite's address with the LAN name in place of 127.0.0.1. */
function onLan(baseURL: string | undefined): string {
  const url = new URL(baseURL ?? "http://127.0.0.1:3100");
  url.hostname = lanHost;
  return url.origin;
}

const test = base.extend({
  launchOptions: [resolveLanHost, { scope: "worker" }],
  baseURL: async ({ baseURL }, provide) => {
    await provide(onLan(baseURL));
  },
});

test("the cashier signs in on a tablet that opens the console by its LAN name over http", async ({
  page,
  context,
  baseURL,
}) => {
  expect(baseURL).toContain(`http://${lanHost}:`);
  const staff = demoAccount("staff");
  await submitSignIn(page, staff.email, staff.password);

  // Patient: on a busy machine the sign-in and the first render of Home take a while.
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name.endsWith("hexiao.session_token"));
  expect(session).toMatchObject({ name: "hexiao.session_token", secure: false });

  // Still signed in on the next page load.
  await page.goto("/redeem");
  await expect(page).toHaveURL(/\/redeem$/);
});

// On the suite's usual address: the interception below fetches from Node, which cannot resolve the LAN name.
base("a sign-in the browser does not keep says so, instead of an empty form", async ({ page }) => {
  // Stand-in for a browser refusing the cookie (a Secure cookie over http, cookies blocked).
  await page.route("**/api/auth/sign-in/email", async (route) => {
    const response = await route.fetch();
    // route.fetch shares the context's cookie jar: forget what it stored, as a refusing browser would.
    await page.context().clearCookies();
    const headers = { ...response.headers() };
    delete headers["set-cookie"];
    await route.fulfill({ response, headers });
  });
  const staff = demoAccount("staff");
  await submitSignIn(page, staff.email, staff.password);

  await expect(page.locator("form").getByRole("alert")).toContainText("did not keep the sign-in");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel("Email")).toHaveValue(staff.email);
});

// A sign-in sent from another origin than the server was reached at (a proxy that rewrites the
// Host header): the auth library refuses it with "Invalid origin", in English only.
for (const [locale, sentence] of [
  ["en", "came from another address than the one the server was reached at"],
  ["zh-CN", "页面来自的地址与服务器收到请求的地址不同"],
] as const) {
  base.describe(locale, () => {
    base.use({ locale });
    base("a sign-in from a foreign origin is refused in the user's language", async ({ page }) => {
      await page.route("**/api/auth/sign-in/email", async (route) => {
        const headers = { ...route.request().headers(), origin: "http://elsewhere.example" };
        await route.fulfill({ response: await route.fetch({ headers }) });
      });
      const staff = demoAccount("staff");
      await submitSignIn(page, staff.email, staff.password);
      await expect(page.locator("form").getByRole("alert")).toContainText(sentence);
      await expect(page).toHaveURL(/\/sign-in$/);
    });
  });
}

// A page over plain http on a LAN address is not a secure context: crypto.randomUUID and the
// clipboard are missing there (they exist on localhost and 127.0.0.1, the suite's addresses).
// The redeem screen made its counter's id with randomUUID: on a tablet, Check did nothing.
withMerchant.extend({ launchOptions: [resolveLanHost, { scope: "worker" }] })(
  "the cashier redeems a voucher on a tablet that opens the console by its LAN name over http",
  async ({ staffPage, merchant, browser, baseURL }) => {
    const { code } = await paidVoucherCode(staffPage);
    const tablet = await browser.newContext({
      baseURL: onLan(baseURL),
      viewport: { width: 800, height: 1280 },
    });
    const page = await tablet.newPage();
    await submitSignIn(page, merchant.accounts.staff.email, merchant.accounts.staff.password);
    await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);

    await page.goto("/redeem");
    const input = page.getByLabel("Voucher code");
    await input.fill(code);
    await input.press("Enter");
    const verdict = page.getByRole("status").filter({ has: page.getByRole("heading") });
    await expect(verdict.getByRole("heading")).toHaveText("Valid");
    await input.press("Enter");
    await expect(verdict.getByRole("heading")).toHaveText("Redeemed");

    // Nor is there a camera there, whatever the tablet has: the scanner says why, and what to do.
    await page.getByRole("button", { name: "Camera" }).click();
    await expect(page.getByRole("dialog")).toContainText("only to pages opened over https");
    await tablet.close();
  },
);
