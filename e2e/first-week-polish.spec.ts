import type { Page } from "@playwright/test";
import { checkCharacter } from "@/server/vouchers/voucher-code.logic";
import { expect, randomEmail, openSignedIn, signInNewMember, test } from "./fixtures";
import { mutate, paymentMethodsOf, query } from "./trpc-http";
import { grouped, paidVoucherCode } from "./voucher-fixtures";

/** Every console error and uncaught exception of the page (a hydration error is both). */
function collectErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  return errors;
}

/** A pending order with a sandbox wallet request, so its page shows the QR and a countdown. */
async function orderAwaitingWallet(page: Page) {
  const me = await query<{ stores: { id: string }[] }>(page, "me.get");
  const methods = await paymentMethodsOf(page);
  const wallet = methods.find((m) => m.kind === "sandbox" && m.enabled)!;
  const order = await mutate<{ id: string }>(page, "orders.create", {
    storeId: me.stores[0]!.id,
    currency: "CNY",
    amountMinor: 1234n,
  });
  await mutate(page, "orders.requestPayment", { orderId: order.id, methodId: wallet.id });
  return order.id;
}

test("the order page hydrates without an error, even on a device whose clock is off", async ({
  page,
  merchant,
}) => {
  test.slow();
  // A counter tablet three minutes ahead of the server: the countdown it renders differs
  // from the one in the server's HTML, which used to break hydration (React error #418).
  await page.clock.install({ time: new Date(Date.now() + 3 * 60_000) });
  const errors = collectErrors(page);
  await openSignedIn(page, merchant.accounts.staff);
  const orderId = await orderAwaitingWallet(page);
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByText("Expires in")).toBeVisible();
  await expect(page.getByText(/^\d+:\d{2}$/)).toBeVisible();
  expect(errors).toEqual([]);
});

test("the guide pages render the practice card on the server and hydrate without an error", async ({
  page,
  merchant,
}) => {
  test.slow();
  const errors = collectErrors(page);
  await openSignedIn(page, merchant.accounts.staff);
  // The card is in the server's HTML: the browser's first render agrees with it.
  const html = await (
    await page.request.get("/guides", { headers: { "accept-language": "en-US" } })
  ).text();
  expect(html).toContain("Practise at the counter");
  await page.goto("/guides");
  await expect(page.getByRole("heading", { name: "Practise at the counter" })).toBeVisible();
  const guides = await page
    .getByRole("main")
    .locator('a[href^="/guides/"]')
    .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute("href")!))]);
  expect(guides.length).toBeGreaterThan(0);
  let acknowledged = false;
  for (const href of guides) {
    await page.goto(href);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // One guide acknowledged, so that the library shows dates when visited again.
    const acknowledge = page.getByRole("button", { name: "I have read this guide" });
    if (!acknowledged && (await acknowledge.count()) > 0) {
      await acknowledge.click();
      await expect(acknowledge).toHaveCount(0);
      acknowledged = true;
    }
  }
  await page.goto("/guides");
  await expect(page.getByRole("heading", { name: "Practise at the counter" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("every page has an icon: /favicon.ico and the icon it links answer 200", async ({ page }) => {
  const favicon = await page.request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toContain("image/");
  expect((await favicon.body()).length).toBeGreaterThan(100);
  const errors = collectErrors(page);
  await page.goto("/sign-in");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toBeTruthy();
  expect((await page.request.get(href!)).status()).toBe(200);
  expect(errors).toEqual([]);
});

test("a used voucher offers no Void, and a letter codes never use is named", async ({
  managerPage: page,
}) => {
  test.slow();
  const { code, orderId } = await paidVoucherCode(page);
  const me = await query<{ stores: { id: string }[] }>(page, "me.get");
  await mutate(page, "vouchers.redeem", { code, storeId: me.stores[0]!.id });
  await page.goto(`/orders/${orderId}`);
  const card = page.getByRole("region", { name: "Receipt and voucher" });
  await expect(card).toContainText("Used up: only a refund of the order voids it.");
  await expect(card.getByRole("button", { name: "Void" })).toHaveCount(0);

  await page.goto("/redeem");
  const input = page.getByLabel("Voucher code");
  await input.fill(grouped(`${code.slice(0, 4)}O${code.slice(5)}`));
  await input.press("Enter");
  const verdict = page.getByRole("status").filter({ has: page.getByRole("heading") });
  await expect(verdict.getByRole("heading")).toHaveText("Not a code character");
  await expect(verdict).toContainText(
    "Character 5 is “O”: voucher codes never use 0, O, 1, I or L",
  );
});

test("a blocked cashier is sent to a manager, who sees the block and lifts it", async ({
  ownerPage: page,
  browser,
}) => {
  test.slow();
  const email = randomEmail("guesser");
  const name = `Guesser ${email.slice(8, 16)}`;
  await mutate(page, "team.add", { email, name, role: "staff", password: "first-pass-123" });
  const counter = await browser.newPage();
  await signInNewMember(counter, email, "first-pass-123");
  const me = await query<{ stores: { id: string }[] }>(counter, "me.get");
  const storeId = me.stores[0]!.id;
  for (let i = 0; i < 10; i++) {
    const body = `WWWWWWWWWW${"23456789AB"[i]}`;
    await mutate(counter, "vouchers.check", { code: body + checkCharacter(body), storeId });
  }
  await counter.goto("/redeem");
  const input = counter.getByLabel("Voucher code");
  // A well-formed code whose check character does not fit.
  const typo = `7KQ5MZ8CRT2${checkCharacter("7KQ4MZ8CRT2")}`;
  await input.fill(typo);
  await input.press("Enter");
  await expect(
    counter
      .getByRole("alert")
      .filter({ hasText: "A manager or the owner can lift the block on the Vouchers page." }),
  ).toBeVisible();

  await page.goto("/vouchers");
  const blocks = page.getByRole("region", { name: "Blocked at the redeem screen" });
  // Logs name a person with their e-mail, so a renamed account cannot pass for another.
  const person = `${name} <${email}>`;
  await expect(blocks).toContainText(person);
  await blocks.getByRole("button", { name: `Lift the block on ${person}` }).click();
  await expect(page.getByText(`Block on ${person} lifted.`)).toBeVisible();
  await expect(blocks).toHaveCount(0);

  await input.press("Enter");
  await expect(counter.getByRole("status").getByRole("heading")).toHaveText("Mistyped code");
  await counter.close();
});
