import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  test as base,
  expect,
  type APIRequestContext,
  type Browser,
  type Locator,
  type Page,
} from "@playwright/test";
import { demoAccounts, demoPassword } from "@/server/demo/demo-accounts";
import type { Role } from "@/server/auth/roles.logic";
import { seedTokenHeader } from "@/server/testing/seed-route-handler";
import type {
  TestAccount,
  TestMerchant,
  TestMerchantOptions,
} from "@/server/testing/test-merchant.service";
import type { TestSessionCookie } from "@/server/testing/test-session.service";
import { locales } from "@/app/_i18n/config";
import { root } from "../scripts/build-if-needed.mjs";
import { mutate } from "./trpc-http";

export { expect };

/** Someone who signs in with an e-mail and a password. */
export interface Account {
  email: string;
  password: string;
  name: string;
}

/** A person of the install's demo shop: only for tests that only read it (its 90 days of history). */
export function demoAccount(role: Role): Account {
  const account = demoAccounts.find((a) => a.role === role);
  if (!account) throw new Error(`no demo account for ${role}`);
  return { email: account.email, name: account.name, password: demoPassword };
}

/** A random e-mail, so that tests that add people never collide with each other. */
export function randomEmail(label: string) {
  return `${label}-${randomBytes(4).toString("hex")}@e2e.example`;
}

/** Fills the sign-in form by its labels (in either language) and submits it; waits for nothing. */
export async function submitSignIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel(/^(Email|邮箱)$/).fill(email);
  await page.getByLabel(/^(Password|密码)$/).fill(password);
  await page.getByRole("button", { name: /^(Sign in|登录)$/ }).click();
}

/**
 * Signs in through the form, as a person would, and waits for the console's home. For the
 * journeys about signing in; every other test signs in with signIn (the same endpoint, less
 * than half the time: no sign-in page to load and hydrate, and Home rendered once).
 */
export async function signInThroughForm(page: Page, account: Pick<Account, "email" | "password">) {
  await submitSignIn(page, account.email, account.password);
  // Signing in hashes a password and renders Home on the server: on a busy machine that can
  // take longer than the default 5 s, which says nothing about the product.
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  await expect(page.getByRole("main")).toBeVisible();
  await stepUp(page, account.password);
}

/**
 * Signs in by posting to the endpoint the form posts to (the page's browser keeps the session
 * cookie), then opens the console's home and waits for it: where signInThroughForm leaves the
 * page, without driving the form that sign-in.spec.ts and its kin test.
 */
export async function signIn(page: Page, account: Pick<Account, "email" | "password">) {
  // The auth library refuses a POST with cookies from another origin; the page's context may
  // have a baseURL of its own (a spec's own server), so ask that server where it is.
  const origin = new URL((await page.request.get("/api/auth/get-session")).url()).origin;
  const res = await page.request.post("/api/auth/sign-in/email", {
    headers: { origin },
    data: { email: account.email, password: account.password, rememberMe: true },
  });
  expect(res.status(), `sign-in of ${account.email}: ${await res.text()}`).toBe(200);
  expect(
    await res.json(),
    "an account with two-factor signs in through the form",
  ).not.toHaveProperty("twoFactorRedirect", true);
  await page.goto("/");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("main")).toBeVisible();
  await stepUp(page, account.password);
}

/**
 * Signs the page's browser in as a test merchant's person, confirmed, without a password
 * check and without opening a page: the seed route hands over a session of the server's own
 * making (server/testing/test-session.service.ts). For the role pages; the journeys about
 * signing in or confirming go through signIn, signInThroughForm or the dialog.
 */
export async function addTestSession(page: Page, account: Pick<TestAccount, "userId">) {
  const res = await page.request.post("/api/testing/sessions", {
    headers: { [seedTokenHeader]: seedToken() },
    data: { userId: account.userId },
  });
  expect(res.status(), await res.text()).toBe(201);
  const cookie = (await res.json()) as TestSessionCookie;
  const origin = new URL(res.url()).origin;
  await page.context().addCookies([{ ...cookie, url: origin, httpOnly: true, sameSite: "Lax" }]);
}

/** Opens the console's home signed in as a test merchant's person (addTestSession), where signIn leaves the page. */
export async function openSignedIn(page: Page, account: Pick<TestAccount, "userId">) {
  await addTestSession(page, account);
  await page.goto("/");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("main")).toBeVisible();
}

/**
 * Confirms it's them, as the "Confirm it's you" dialog would, so journeys that reach a
 * sensitive action (roles, keys, refunds) within five minutes are not asked; step-up.spec.ts
 * signs in without it to go through the dialog itself.
 */
async function stepUp(page: Page, password: string) {
  await mutate(page, "account.stepUp", { password });
}

/**
 * Signs in a member the owner just added: the first password opens only the change-password
 * screen (a password someone else chose), so the member chooses their own and lands on Home.
 * Works in either language. Returns the member's own password.
 */
export async function signInNewMember(page: Page, email: string, firstPassword: string) {
  await submitSignIn(page, email, firstPassword);
  await expect(page).toHaveURL(/\/change-password$/, { timeout: 30_000 });
  const own = `own-${randomBytes(6).toString("hex")}`;
  await page.getByLabel(/^(Current password|当前密码)$/).fill(firstPassword);
  await page.getByLabel(/^(New password|新密码)$/).fill(own);
  await page.getByLabel(/^(New password again|再次输入新密码)$/).fill(own);
  await page.getByRole("button", { name: /Save and continue|保存并继续/ }).click();
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  await expect(page.getByRole("main")).toBeVisible();
  return own;
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: /Account menu|账户菜单/ }).click();
  await page.getByRole("menuitem", { name: /Sign out|退出登录/ }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

/**
 * axe's options for the suite's scans, which read only the violations: axe then skips
 * collecting every passing and inapplicable node's details, a good part of a scan's time in
 * the browser. Every rule still runs, and the violations are reported in full.
 */
export const violationsOnly = { resultTypes: ["violations" as const] };

/** The page never scrolls sideways (a phone shows every column, or none needs more room). */
export async function expectNoPageOverflow(page: Page) {
  // Against the layout viewport (clientWidth), not innerWidth: a phone (isMobile) zooms an
  // overflowing page out to fit, and innerWidth grows with it, so the two would always agree.
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    clientWidth: document.scrollingElement!.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

/**
 * Whether a text field or select shows its whole value, not the first letters of it; or, given
 * `text`, whether it would show all of that as its hint (in the placeholder's font).
 */
export async function showsWholeValue(control: Locator, text?: string) {
  return control.evaluate((el: HTMLInputElement | HTMLSelectElement, text) => {
    const style = getComputedStyle(el);
    const lettering = text === undefined ? style : getComputedStyle(el, "::placeholder");
    const shown =
      text ?? (el instanceof HTMLSelectElement ? (el.selectedOptions[0]?.text ?? "") : el.value);
    const context = document.createElement("canvas").getContext("2d")!;
    context.font = lettering.font;
    context.letterSpacing = lettering.letterSpacing;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return context.measureText(shown).width <= room;
  }, text);
}

/** A message's text in each language: `key` ("orderList.filters.searchPlaceholder") of a catalogue file. */
export function inEachLanguage(file: string, key: string): string[] {
  return locales.map((locale) => {
    const catalogue = path.join(root, "app", "_i18n", "messages", locale, `${file}.json`);
    let value: unknown = JSON.parse(readFileSync(catalogue, "utf8"));
    for (const part of key.split(".")) value = (value as Record<string, unknown>)[part];
    return String(value);
  });
}

/** The page's script files (each chunk the bundler loads adds one; not the old browsers' polyfill). */
const scriptsOfPage = () =>
  [...document.scripts].filter((s) => s.src && !s.noModule).map((s) => s.src);
/** Script files added but not yet downloaded (a file has its resource timing once it has). */
const scriptsStillLoading = () =>
  [...document.scripts].filter(
    (s) => s.src && !s.noModule && performance.getEntriesByName(s.src).length === 0,
  ).length;

/**
 * Points at `opener`, lets what that fetched arrive, then presses it: `opened` shows without
 * a script fetched on the press (a dialog's code is fetched ahead, not when it is asked for).
 */
export async function pressAfterPointing(page: Page, opener: Locator, opened: Locator) {
  await opener.hover();
  await expect.poll(() => page.evaluate(scriptsStillLoading)).toBe(0);
  const before = await page.evaluate(scriptsOfPage);
  await opener.click();
  await expect(opened).toBeVisible();
  expect(await page.evaluate(scriptsOfPage)).toEqual(before);
}

interface Fixtures {
  /**
   * A merchant of this test's own, made by the server's seed route: the demo café's stores,
   * methods and guides, and one person per role (`merchant.accounts.staff`). Whatever the
   * test changes, no other test sees, so nothing has to be put back.
   */
  merchant: TestMerchant;
  /**
   * A browser of its own (the project's viewport and language), signed in as that role of
   * `merchant`, on a blank page: the test opens the page it is about (or only calls the API
   * through `page.request`). Opening Home first cost every such test a page load it did not
   * look at, a tenth of the suite's test time.
   */
  ownerPage: Page;
  managerPage: Page;
  staffPage: Page;
  analystPage: Page;
}

function rolePage(role: Role) {
  return async (
    { browser, merchant }: { browser: Browser; merchant: TestMerchant },
    provide: (page: Page) => Promise<void>,
  ) => {
    // Inside a test, browser.newContext() starts from the project's options (baseURL, locale…).
    const context = await browser.newContext();
    const page = await context.newPage();
    await addTestSession(page, merchant.accounts[role]);
    await provide(page);
    await context.close();
  };
}

function seedToken(): string {
  const token = process.env.E2E_SEED_TOKEN;
  if (!token) throw new Error("E2E_SEED_TOKEN is unset: run the suite with `npx playwright test`");
  return token;
}

/**
 * A new merchant made by the server's seed route (one more shop, for journeys between two);
 * `options` ask for more than the demo café (a Stripe method against a local stand-in).
 */
export async function seedTestMerchant(
  request: APIRequestContext,
  options?: TestMerchantOptions,
): Promise<TestMerchant> {
  const res = await request.post("/api/testing/merchants", {
    headers: { [seedTokenHeader]: seedToken() },
    ...(options ? { data: options } : {}),
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as TestMerchant;
}

// Creating a merchant (the first one of a server hashes its password) and rendering Home: on
// a busy machine that takes a while, which must not eat the test's own time budget.
const setupTime = { timeout: 60_000 };

export const test = base.extend<Fixtures>({
  merchant: [
    async ({ request }, provide) => {
      await provide(await seedTestMerchant(request));
    },
    setupTime,
  ],
  ownerPage: [rolePage("owner"), setupTime],
  managerPage: [rolePage("manager"), setupTime],
  staffPage: [rolePage("staff"), setupTime],
  analystPage: [rolePage("analyst"), setupTime],
});
