import { test as base, expect } from "@playwright/test";
import { demoAccount, submitSignIn } from "./fixtures";

// A counter tablet opens the console by a name on the shop's network, over plain http.
// Browsers keep a Secure cookie from plain http only on localhost, so the suite's usual
// 127.0.0.1 would hide the problem: this spec resolves a made-up LAN name to the server.
const lanHost = "counter.hexiao.test";

const test = base.extend({
  launchOptions: [
    async ({ launchOptions }, provide) => {
      await provide({
        ...launchOptions,
        args: [...(launchOptions.args ?? []), `--host-resolver-rules=MAP ${lanHost} 127.0.0.1`],
      });
    },
    { scope: "worker" },
  ],
  baseURL: async ({ baseURL }, provide) => {
    const url = new URL(baseURL ?? "http://127.0.0.1:3100");
    url.hostname = lanHost;
    await provide(url.origin);
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
