import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, randomEmail, openSignedIn, signOut, test, violationsOnly } from "./fixtures";

const alipay = "模拟支付宝 Simulated Alipay";
const wechat = "模拟微信支付 Simulated WeChat Pay";

/** No serious or critical accessibility fault on the page as it stands. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).options(violationsOnly).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/**
 * A failure followed through: the wallet refuses for lack of balance, the customer's page
 * explains it and offers another method, the customer pays with it, and the staff's failure
 * log shows the failure as recovered — with the customer's e-mails waiting in the outbox.
 */
test("insufficient balance → explained → paid another way → logged as recovered", async ({
  page,
  browser,
  merchant,
}) => {
  test.slow();
  const contact = randomEmail("customer");
  await openSignedIn(page, merchant.accounts.staff);
  await page.goto("/orders/new");
  await page.getByText("Amount only").click();
  await page.getByLabel("Amount (CNY)").fill("18.80");
  await page.getByLabel("Customer contact").fill(contact);
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  const orderUrl = page.url();
  const orderNumber = (await page.locator("h1 .font-mono").textContent())!;

  await page.getByRole("button", { name: alipay, exact: true }).click();
  const payPath = await page.getByRole("link", { name: "Open pay page" }).getAttribute("href");

  // The customer's phone, in English: the wallet refuses for lack of balance.
  const phone = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    viewport: { width: 390, height: 844 },
    locale: "en-US",
  });
  const customer = await phone.newPage();
  const main = customer.getByRole("main");
  await customer.goto(payPath!);
  await main.getByRole("link", { name: `Pay with ${alipay}` }).click();
  await main.getByLabel("PIN").fill("123456");
  await main.getByRole("radio", { name: "Insufficient balance" }).check();
  await main.getByRole("button", { name: "Confirm payment" }).click();

  // The shop's page explains it at once and offers the other wallet on the same order.
  await expect(customer).toHaveURL(payPath!);
  await expect(main.getByRole("alert")).toContainText(
    "Your wallet balance or card did not have enough money for this payment.",
  );
  await expect(main.getByRole("alert")).toContainText("Top up your balance");
  await main.getByRole("button", { name: `Pay with ${wechat}` }).click();
  await expect(customer).not.toHaveURL(payPath!);
  await expect(main.getByText(orderNumber)).toBeVisible();
  await main.getByRole("link", { name: `Pay with ${wechat}` }).click();
  await main.getByLabel("PIN").fill("123456");
  await main.getByRole("button", { name: "Confirm payment" }).click();
  await expect(customer.getByRole("heading", { name: "Payment received" })).toBeVisible({
    timeout: 20_000,
  });
  await phone.close();

  // The counter: the order is paid.
  await expect(page.getByTestId("paid-state")).toHaveText("Paid", { timeout: 20_000 });

  // The failure log: the refusal, with its reason and raw code, recovered.
  await page.getByRole("link", { name: "Payment failures" }).first().click();
  await expect(page.getByRole("heading", { name: "Failure log", level: 1 })).toBeVisible();
  await page.getByLabel("Paid in the end").selectOption("yes");
  const row = page.getByRole("row").filter({ hasText: orderNumber });
  await expect(row).toContainText("insufficient funds");
  await expect(row).toContainText("INSUFFICIENT_BALANCE");
  await expect(row).toContainText("Recovered");
  await expectAccessible(page);
  // The log's download, with its filter (recovered only), in English, the time in the shop's zone.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^payment-failures-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path())).toString("utf8");
  expect(csv.startsWith("\uFEFFTime,Kind,Occurrences,Reason,Reason code,")).toBe(true);
  const line = csv.split("\r\n").find((l) => l.includes(orderNumber));
  expect(line).toMatch(
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+08:00,Payment failed,1,insufficient funds,insufficient_funds,INSUFFICIENT_BALANCE,/,
  );
  expect(line).toContain(",18.80,CNY,");
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { name: /insufficient funds/ })).toContainText(
    "Recovered",
  );
  await expect(page.getByText(contact)).toBeVisible();
  await expect(page.getByText("CN¥18.80").first()).toBeVisible();
  // The order's timeline, right on the failure's page.
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: `Open order ${orderNumber} and its timeline` }).click();
  await expect(page).toHaveURL(orderUrl);

  // A support note on the order, then on the follow-up list. Waited for in the order's list of
  // notes, which shows it once saved: the text box holds the same words until then (React keeps
  // a textarea's text equal to its value), so the page's text alone says nothing about the save.
  const note = "Customer's wallet was short; paid with WeChat.";
  await page.getByLabel("Add a note").fill(note);
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: note })).toBeVisible();
  await page.goto("/failures/notes");
  await expect(page.getByRole("link", { name: orderNumber })).toBeVisible();

  // The customer's two e-mails wait in the outbox: no mail server is set up here.
  await page.getByRole("link", { name: "Customer notices" }).click();
  await expect(page.getByText("E-mail sending is not set up")).toBeVisible();
  const messages = page.getByRole("listitem").filter({ hasText: contact });
  await expect(messages).toHaveCount(2);
  await expect(messages.filter({ hasText: "Receipt" })).toContainText("Waiting");
  await expect(messages.filter({ hasText: "Payment failed" })).toContainText("Waiting");

  // The owner's statistics count the order as recovered.
  await signOut(page);
  await openSignedIn(page, merchant.accounts.owner);
  await page.goto("/failures/analytics");
  await expect(page.getByText("Recovery rate")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Top reasons" })).toBeVisible();
  await expectAccessible(page);
});
