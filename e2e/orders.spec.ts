import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, pressAfterPointing, test, violationsOnly } from "./fixtures";

/** Fills the new-order form's item row `n` (1-based). */
async function fillItem(page: Page, n: number, name: string, qty: string, price: string) {
  const row = page.getByRole("group", { name: `Item ${n}`, exact: true });
  await row.getByLabel("Item name").fill(name);
  await row.getByLabel("Qty").fill(qty);
  await row.getByLabel("Unit price").fill(price);
}

test("a cashier creates an order with two items, takes cash with change, and finds it in the list", async ({
  staffPage: page,
}) => {
  await page.goto("/");
  await page.getByRole("link", { name: "New order" }).first().click();
  await expect(page).toHaveURL(/\/orders\/new$/);

  await fillItem(page, 1, "Latte", "2", "28");
  await page.getByRole("button", { name: "Add item" }).click();
  await fillItem(page, 2, "Croissant", "1", "16.50");
  // The running total follows what is typed: 2 × 28.00 + 16.50.
  await expect(page.getByText("CN¥72.50")).toBeVisible();
  await page.getByRole("button", { name: "Create order" }).click();

  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText("Pending");
  const number = (await heading.locator(".font-mono").textContent())!.trim();
  expect(number).toMatch(/^\d{8}-\d{4,}$/);
  const items = page.getByRole("table", { name: "Items" });
  await expect(items.getByRole("row", { name: /Latte/ })).toContainText("CN¥56.00");
  await expect(items.getByRole("row", { name: "Order total" })).toContainText("CN¥72.50");

  // Cash: more than due, the change shows as it is typed, then the order is paid. The dialog's
  // script was fetched when its button was pointed at.
  const dialog = page.getByRole("dialog", { name: "Cash payment" });
  await pressAfterPointing(
    page,
    page.getByRole("button", { name: "现金 Cash", exact: true }),
    dialog,
  );
  await dialog.getByLabel("Cash received").fill("50");
  await expect(dialog.getByText("CN¥22.50 short")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Confirm cash payment" })).toBeDisabled();
  await dialog.getByLabel("Cash received").fill("100");
  await expect(dialog.getByText("CN¥27.50")).toBeVisible();
  await dialog.getByRole("button", { name: "Confirm cash payment" }).click();
  await expect(dialog).toBeHidden();

  const paid = page.getByTestId("paid-state");
  await expect(paid).toHaveText("Paid");
  await expect(heading).toContainText("Paid");
  await expect(page.getByRole("status").filter({ has: paid })).toContainText("CN¥27.50");
  await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
  await expect(page.getByText("现金 Cash: received CN¥100.00, change CN¥27.50")).toBeVisible();

  // The list, filtered by status and searched by number; the filters live in the URL.
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Orders" })
    .click();
  await expect(page).toHaveURL(/\/orders$/);
  await page.getByRole("checkbox", { name: "Paid" }).check();
  await expect(page).toHaveURL(/status=paid/);
  await page.getByLabel("Search").fill(number);
  await page.getByLabel("Search").press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${number}`));
  const row = page.getByRole("row", { name: new RegExp(number) });
  await expect(row).toBeVisible();
  await expect(row).toContainText("现金 Cash");
  await expect(row).toContainText("CN¥72.50");
  await expect(page.getByText("1 order", { exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Search")).toHaveValue(number);
  await expect(page.getByRole("checkbox", { name: "Paid" })).toBeChecked();
  await expect(page.getByRole("row", { name: new RegExp(number) })).toBeVisible();

  // Pending orders only: this paid one is gone; opening the row leads back to the order.
  await page.getByRole("checkbox", { name: "Paid" }).uncheck();
  await page.getByRole("checkbox", { name: "Pending" }).check();
  await expect(page).toHaveURL(/status=pending/);
  await expect(page.getByText("No orders match these filters")).toBeVisible();
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/status=paid/);
  await page.getByRole("link", { name: number }).click();
  await expect(page.getByTestId("paid-state")).toHaveText("Paid");
});

test("a wallet request shows its QR code and pay link, and can be cancelled", async ({
  staffPage: page,
}) => {
  await page.goto("/orders/new");
  await page.getByText("Amount only").click();
  await page.getByLabel("Amount (CNY)").fill("12.5");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("table", { name: "Items" })).toHaveCount(0);

  await page.getByRole("button", { name: "模拟支付宝 Simulated Alipay", exact: true }).click();
  await expect(page.getByRole("img", { name: "Payment QR code" })).toBeVisible();
  const link = page.getByRole("link", { name: "Open pay page" });
  await expect(link).toHaveAttribute("href", /^\/pay\/[\w-]{20,}$/);
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(page.getByText("Expires in")).toBeVisible();
  await expect(
    page.getByText("Payment request opened with 模拟支付宝 Simulated Alipay"),
  ).toBeVisible();

  await page.getByRole("button", { name: "Cancel request" }).click();
  await expect(page.getByRole("img", { name: "Payment QR code" })).toHaveCount(0);
  await expect(
    page.getByText("Payment request with 模拟支付宝 Simulated Alipay closed"),
  ).toBeVisible();
  await expect(
    page.getByRole("button", { name: "模拟微信支付 Simulated WeChat Pay", exact: true }),
  ).toBeEnabled();
});

test("cancelling an order asks first, then closes it for payment", async ({
  managerPage: page,
}) => {
  await page.goto("/orders/new");
  await page.getByText("Amount only").click();
  await page.getByLabel("Amount (CNY)").fill("8");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);

  await page.getByRole("button", { name: "Cancel order" }).click();
  const confirm = page.getByRole("alertdialog");
  await confirm.getByRole("button", { name: "Keep order" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Pending");
  await page.getByRole("button", { name: "Cancel order" }).click();
  await confirm.getByRole("button", { name: "Cancel order" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Cancelled");
  await expect(page.getByText("This order was cancelled; it can no longer be paid.")).toBeVisible();
  await expect(page.getByRole("button", { name: "现金 Cash", exact: true })).toHaveCount(0);
});

test("the order form says what is missing next to the fields", async ({ staffPage: page }) => {
  await page.goto("/orders/new");
  await page.getByRole("button", { name: "Create order" }).click();
  const row = page.getByRole("group", { name: "Item 1", exact: true });
  await expect(row.getByLabel("Item name")).toHaveAttribute("aria-invalid", "true");
  await expect(row.getByText("This field is required.").first()).toBeVisible();
  await expect(row.getByLabel("Item name")).toBeFocused();
  await row.getByLabel("Item name").fill("Tea");
  await row.getByLabel("Unit price").fill("12,5");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(row.getByText("Enter an amount like 12.50.")).toBeVisible();
  await expect(page).toHaveURL(/\/orders\/new$/);
  // A refusal only the server makes (a pasted direction control) lands under the very cell.
  await row.getByLabel("Item name").fill("Tea\u202E");
  await row.getByLabel("Unit price").fill("12.50");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(row.getByText(/holds a hidden character/)).toBeVisible();
  await expect(row.getByLabel("Item name")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/orders\/new$/);
});

test("the order form says so when the lines as a whole are refused: their sum beyond any amount", async ({
  staffPage: page,
}) => {
  await page.goto("/orders/new");
  await fillItem(page, 1, "Gold bar", "2", "10000000000000");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(
    page.getByText("The items add up to more than an order may be. Split it into several orders."),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/orders\/new$/);
});

test("the order form stays busy until the new order's page is in, so a second tap makes no second order", async ({
  staffPage: page,
}) => {
  await page.goto("/orders/new");
  await fillItem(page, 1, "Tea", "1", "12");
  // The new order's page is held on its way, as on a slow counter tablet.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  await page.route(
    (url) => /^\/orders\/[0-9a-f-]{36}$/.test(url.pathname),
    async (route) => {
      held();
      await released;
      await route.continue();
    },
  );
  const submit = page.getByRole("button", { name: "Create order" });
  await submit.click();
  await holding;
  await expect(submit).toBeDisabled();
  release();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Pending");
});

test("an order row shows the tap was taken while the order's page is on its way", async ({
  staffPage: page,
}) => {
  await page.goto("/orders/new");
  await page.getByText("Amount only").click();
  await page.getByLabel("Amount (CNY)").fill("8");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await page.goto("/orders");
  const row = page
    .getByRole("row")
    .filter({ has: page.getByRole("link") })
    .first();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => /^\/orders\/[0-9a-f-]{36}$/.test(url.pathname),
    async (route) => {
      await released;
      await route.continue();
    },
  );
  await row.getByRole("link").click();
  await expect(row.locator("[data-link-pending]")).toBeVisible();
  release();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
});

test("the order's page says it is connecting until its live updates first arrive", async ({
  staffPage: page,
}) => {
  // The live stream is held, as on a tablet whose network is slow to open it.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/trpc/orders.watch**", async (route) => {
    await released;
    await route.continue();
  });
  await page.goto("/orders/new");
  await page.getByText("Amount only").click();
  await page.getByLabel("Amount (CNY)").fill("9");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Connecting for live updates…")).toBeVisible();
  await expect(page.getByText(/^Reconnecting/)).toHaveCount(0);
  release();
  await expect(page.getByText("Live: updates as the payment happens")).toBeVisible();
});

test("an analyst reads orders but takes no payment", async ({ analystPage: page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: "New order" })).toHaveCount(0);
  await page.goto("/orders");
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "New order" })).toHaveCount(0);
  await page.goto("/orders/new");
  await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
});

test("the order screens have no serious accessibility violations", async ({ staffPage: page }) => {
  const check = async () => {
    const results = await new AxeBuilder({ page }).options(violationsOnly).analyze();
    const serious = results.violations.filter(
      (v) => v.impact === "serious" || v.impact === "critical",
    );
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ).toEqual([]);
  };
  await page.goto("/orders/new");
  await check();
  await page.getByText("Amount only").click();
  await page.getByLabel("Amount (CNY)").fill("30");
  // The form holds what was typed (a failure here is the form's, not the order's).
  await expect(page.getByLabel("Amount (CNY)")).toHaveValue("30");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page.getByRole("button", { name: "现金 Cash", exact: true })).toBeVisible();
  await check();
  await page.goto("/orders");
  await expect(page.getByRole("table")).toBeVisible();
  await check();
});

test("the counter sees a wallet failure, then the retried payment land, without reloading", async ({
  staffPage: page,
}) => {
  await page.goto("/orders/new");
  await page.getByText("Amount only").click();
  await page.getByLabel("Amount (CNY)").fill("23.40");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Live: updates as the payment happens")).toBeVisible();

  // The customer's wallet answers (what the sandbox wallet page does when they confirm).
  const answer = async (outcome: "risk_declined" | "pay") => {
    const href = await page.getByRole("link", { name: "Open pay page" }).getAttribute("href");
    const token = href!.split("/").at(-1)!;
    const res = await page.request.post("/api/trpc/pay.sandboxConfirm", {
      data: { json: { token, pin: "123456", outcome } },
    });
    expect(res.status()).toBe(200);
  };

  await page
    .getByRole("button", { name: "模拟微信支付 Simulated WeChat Pay", exact: true })
    .click();
  await expect(page.getByRole("img", { name: "Payment QR code" })).toBeVisible();
  await answer("risk_declined");
  const failure = page.getByRole("alert").filter({ hasText: "payment failed" });
  await expect(failure).toContainText("The 模拟微信支付 Simulated WeChat Pay payment failed");
  await expect(failure).toContainText("risk checks refused this payment");
  await expect(failure).toContainText("Suggest another payment method.");
  await expect(page.getByRole("img", { name: "Payment QR code" })).toHaveCount(0);

  // Staff retries with the other wallet; the customer pays; the page turns to Paid by itself.
  await page.getByRole("button", { name: "模拟支付宝 Simulated Alipay", exact: true }).click();
  await expect(page.getByRole("img", { name: "Payment QR code" })).toBeVisible();
  await answer("pay");
  await expect(page.getByTestId("paid-state")).toHaveText("Paid");
  const paid = page.getByRole("status").filter({ has: page.getByTestId("paid-state") });
  await expect(paid).toContainText("模拟支付宝 Simulated Alipay");
  // 0.6 % of 23.40, rounded half up to the fen.
  await expect(paid).toContainText("CN¥0.14");
  await expect(
    page.getByText("模拟微信支付 Simulated WeChat Pay payment failed: refused by risk checks"),
  ).toBeVisible();
  await expect(page.getByText("Applied").first()).toBeVisible();
});
