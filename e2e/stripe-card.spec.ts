import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { expect, expectNoPageOverflow, seedTestMerchant, test as base } from "./fixtures";
import { startStripeApi, type StripeApi } from "./stripe/stripe-api";
import { mutate, query } from "./trpc-http";

/** Stripe.js as this suite serves it (see the file): the browser never reaches js.stripe.com. */
const standIn = readFileSync(path.join(import.meta.dirname, "stripe", "stripe-js-stand-in.js"));

interface StandInLog {
  publishableKey: string | null;
  elements: { clientSecret: string; locale: string } | null;
  created: string | null;
  confirm: { returnUrl: string; redirect: string; sameElements: boolean } | null;
}

/** This test's merchant has a Stripe method, connected to a local stand-in for Stripe's API. */
const test = base.extend<{ stripeApi: StripeApi }>({
  stripeApi: async ({}, provide) => {
    const api = await startStripeApi();
    await provide(api);
    await api.close();
  },
  merchant: [
    async ({ request, stripeApi }, provide) => {
      // Two Stripe accounts: beside a real provider the sandbox wallets are not offered, and a
      // customer whose card form does not load needs another method to switch to.
      const labels = ["Card (Stripe)", "Card (Stripe, second account)"];
      await provide(
        await seedTestMerchant(request, { stripe: { ...stripeApi.methodOptions, labels } }),
      );
    },
    // Seeding hashes four passwords and checks the Stripe connection: give it its own time.
    { scope: "test", timeout: 60_000 },
  ],
});

const amountMinor = 2800n;

/** The cashier asks for a card payment of ¥28.00 (through the API, as the counter would). */
async function openCardRequest(staff: Page, methodId: string) {
  const me = await query<{ stores: { id: string }[] }>(staff, "me.get");
  const order = await mutate<{ id: string }>(staff, "orders.create", {
    storeId: me.stores[0]!.id,
    currency: "CNY",
    amountMinor,
  });
  const attempt = await mutate<{ token: string }>(staff, "orders.requestPayment", {
    orderId: order.id,
    methodId,
  });
  return attempt.token;
}

/** The customer's phone, whose requests for Stripe.js get `answer`. */
async function customerPhone(browser: Browser, locale: string, answer: "stand-in" | "unreachable") {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale,
  });
  const page = await context.newPage();
  await page.route("https://js.stripe.com/**", (route) =>
    answer === "stand-in"
      ? route.fulfill({ contentType: "text/javascript", body: standIn })
      : route.abort("internetdisconnected"),
  );
  return { context, page };
}

const standInLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { __stripeStandIn: StandInLog }).__stripeStandIn);

test("a card confirmed in Stripe's form waits for Stripe's signed word before the page says paid", async ({
  staffPage,
  browser,
  merchant,
  stripeApi,
  baseURL,
}) => {
  test.slow();
  const token = await openCardRequest(staffPage, merchant.stripeMethodIds[0]!);
  const intent = stripeApi.ledger.payments.get(token)!.ref!;
  const { context, page } = await customerPhone(browser, "en-US", "stand-in");
  await page.goto(`/pay/${token}`);

  const form = page.getByRole("form", { name: "Card payment" });
  const card = form.getByLabel("Card number (stand-in)");
  await expect(card).toBeVisible();
  // Started with the method's publishable key, this request's own client secret, the page's language.
  expect(await standInLog(page)).toMatchObject({
    publishableKey: stripeApi.stripe.publishableKey,
    elements: {
      clientSecret: expect.stringMatching(new RegExp(`^${intent}_secret_`)),
      locale: "en",
    },
    created: "payment",
  });
  const payNow = form.getByRole("button", { name: "Pay now" });
  await expect(payNow).toBeDisabled();
  await card.fill("4242 4242 4242 4242");
  await expect(payNow).toBeEnabled();
  await expectNoPageOverflow(page);
  await page.screenshot({ path: test.info().outputPath("card-form.png"), fullPage: true });

  // The browser hears "succeeded"; the server asks Stripe, which has no payment yet.
  const asked = page.waitForResponse((r) => r.url().includes("/api/trpc/pay.checkPayment"));
  await payNow.click();
  expect((await asked).ok()).toBe(true);
  expect((await standInLog(page)).confirm).toEqual({
    returnUrl: `${baseURL}/pay/${token}`,
    redirect: "if_required",
    sameElements: true,
  });
  await expect(page.getByText("Confirming your payment…")).toBeVisible();
  await expect(page.getByText("please do not pay again")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Payment received" })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("confirming.png"), fullPage: true });

  // Stripe's signed payment_intent.succeeded reaches the shop: the page turns paid by itself.
  const event = stripeApi.stripe.notification({ token, amountMinor, currency: "CNY" });
  const res = await page.request.post(`/api/webhooks/stripe/${merchant.stripeMethodIds[0]}`, {
    headers: event.headers,
    data: event.rawBody,
  });
  expect(res.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Payment received" })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
  await context.close();
});

test("back from 3-D Secure on the same page, it confirms with the shop and drops Stripe's parameters", async ({
  staffPage,
  browser,
  merchant,
}) => {
  const token = await openCardRequest(staffPage, merchant.stripeMethodIds[0]!);
  const { context, page } = await customerPhone(browser, "en-US", "stand-in");
  // Stripe sends the customer back to return_url with the intent and its client secret added.
  const asked = page.waitForResponse((r) => r.url().includes("/api/trpc/pay.checkPayment"));
  await page.goto(
    `/pay/${token}?payment_intent=pi_x&payment_intent_client_secret=pi_x_secret_y&redirect_status=succeeded`,
  );
  expect((await asked).ok()).toBe(true);
  await expect(page.getByText("Confirming your payment…")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/pay/${token}$`));
  await expect(page.getByRole("heading", { name: "Payment received" })).toHaveCount(0);
  await context.close();
});

test("the card form speaks the page's language", async ({ staffPage, browser, merchant }) => {
  const token = await openCardRequest(staffPage, merchant.stripeMethodIds[0]!);
  const { context, page } = await customerPhone(browser, "zh-CN", "stand-in");
  await page.goto(`/pay/${token}`);
  const form = page.getByRole("form", { name: "银行卡付款" });
  await expect(form.getByLabel("Card number (stand-in)")).toBeVisible();
  await expect(form.getByRole("button", { name: "立即付款" })).toBeDisabled();
  expect((await standInLog(page)).elements?.locale).toBe("zh");
  await expectNoPageOverflow(page);
  await page.screenshot({ path: test.info().outputPath("card-form-zh.png"), fullPage: true });
  await context.close();
});

test("when Stripe.js cannot load, the page says so and offers the other ways to pay", async ({
  staffPage,
  browser,
  merchant,
}) => {
  const token = await openCardRequest(staffPage, merchant.stripeMethodIds[0]!);
  const { context, page } = await customerPhone(browser, "en-US", "unreachable");
  await page.goto(`/pay/${token}`);

  const alert = page.getByRole("alert").filter({ hasText: "Stripe" });
  await expect(alert).toContainText("The card form could not be loaded");
  await expect(alert).toContainText("Please choose another way to pay.");
  const other = page.getByRole("button", { name: "Pay with Card (Stripe, second account)" });
  await expect(other).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  await expectNoPageOverflow(page);
  await page.screenshot({ path: test.info().outputPath("unavailable.png"), fullPage: true });

  // Another method: a new request on the same order, on its own page.
  await other.click();
  await expect(page).not.toHaveURL(new RegExp(`/pay/${token}$`));
  await expect(page.getByText("Card (Stripe, second account)", { exact: true })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Stripe" })).toBeVisible();
  await context.close();
});
