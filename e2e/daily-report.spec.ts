import { readFile } from "node:fs/promises";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { demoAccount, signIn } from "./fixtures";

// The counter's tablet: the report is read and printed there.
test.use({ viewport: { width: 1024, height: 768 } });

/** The page as the printer gets it (print media), full length, kept for a person to look at. */
async function printed(page: Page, info: TestInfo, name: string) {
  await page.emulateMedia({ media: "print" });
  // The console's chrome is left off the paper; the report stays.
  await expect(page.getByRole("navigation").first()).toBeHidden();
  await expect(page.getByRole("banner")).toBeHidden();
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
  await page.emulateMedia({ media: "screen" });
}

test("a manager reads yesterday's report, prints it on A4 and on a receipt, in English and Chinese, and downloads it", async ({
  page,
}, info) => {
  await signIn(page, demoAccount("manager"));
  await page.getByRole("link", { name: "Reports" }).first().click();
  await expect(page).toHaveURL(/\/reports\/daily/);
  await expect(page.getByRole("heading", { level: 1, name: "Daily report" })).toBeVisible();
  // Yesterday by default, in the demo café's 90 days of history: takings by method in yuan.
  await expect(page.getByRole("button", { name: "Yesterday" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  const yuan = page.getByRole("region", { name: "Currency CNY" });
  await expect(yuan.getByRole("heading", { name: "Takings by method" })).toBeVisible();
  await expect(yuan.getByRole("row", { name: /^Total/ }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Cash position" })).toBeVisible();
  await page.screenshot({ path: info.outputPath("daily-report-screen-en.png"), fullPage: true });

  // One store: the heading names it.
  // By role: the header's store switcher is labelled "Store" too.
  const store = page.getByRole("combobox", { name: "Store" });
  const storeName = (await store.locator("option").nth(1).textContent())!;
  await store.selectOption({ index: 1 });
  await expect(page.getByRole("heading", { level: 2, name: storeName.trim() })).toBeVisible();
  await store.selectOption({ index: 0 });
  await expect(page.getByRole("heading", { level: 2, name: /All stores/ })).toBeVisible();

  await printed(page, info, "daily-report-a4-en");
  await page.getByLabel("80 mm receipt").check();
  await expect(page).toHaveURL(/paper=receipt/);
  await printed(page, info, "daily-report-receipt-en");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^daily-report-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path())).toString("utf8").replace(/^\uFEFF/, "");
  expect(csv.split("\r\n")[0]).toBe("Section,Item,Currency,Count,Amount");
  expect(csv).toMatch(/\r\nSummary,Takings \(GMV\),CNY,\d+,\d+\.\d{2}\r\n/);

  // A day with nothing: said so, not a page of zeros.
  await page.getByLabel("Day").fill("2020-01-01");
  await expect(page.getByText("Nothing happened on this day")).toBeVisible();
  await page.getByRole("button", { name: "Yesterday" }).click();
  await expect(yuan.getByRole("heading", { name: "Takings by method" })).toBeVisible();

  await page.getByRole("button", { name: "Language" }).click();
  await page.getByRole("menuitemradio", { name: "简体中文" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "日结报表" })).toBeVisible();
  await expect(
    page.getByRole("region", { name: "币种 CNY" }).getByRole("heading", { name: "各支付方式收款" }),
  ).toBeVisible();
  await printed(page, info, "daily-report-receipt-zh");
  await page.getByLabel("A4").check();
  await printed(page, info, "daily-report-a4-zh");
  // The demo account goes back to English for the other journeys.
  await page.getByRole("button", { name: "语言" }).click();
  await page.getByRole("menuitemradio", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Daily report" })).toBeVisible();
});

test("cashiers have no reports", async ({ page }) => {
  await signIn(page, demoAccount("staff"));
  await expect(page.getByRole("link", { name: "Reports" })).toHaveCount(0);
  // The area's own address leads to its report, and so to the same refusal.
  await page.goto("/reports");
  await expect(page).toHaveURL(/\/reports\/daily$/);
  await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
});

test("the owner has the daily report e-mailed from the hour they choose", async ({ page }) => {
  await signIn(page, demoAccount("owner"));
  await page.goto("/settings");
  const card = page.getByRole("region", { name: "E-mail the daily report" });
  await expect(card.getByText("Off: no report is e-mailed.")).toBeVisible();
  // The form comes on request, and its box takes the focus.
  await card.getByRole("button", { name: "Change the e-mail" }).click();
  const on = card.getByLabel("E-mail the owners the daily report of the day before");
  await expect(on).toBeFocused();
  await expect(on).not.toBeChecked();
  await on.check();
  await card.getByLabel("Send from").selectOption("21");
  await card.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Daily report e-mail saved")).toBeVisible();
  await page.reload();
  await expect(card.getByText(/^On: .* from 21:00/)).toBeVisible();
  await card.getByRole("button", { name: "Change the e-mail" }).click();
  await expect(on).toBeChecked();
  await expect(card.getByLabel("Send from")).toHaveValue("21");
  // Back off: the demo shop's other journeys find it as it was.
  await on.uncheck();
  await card.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Daily report e-mail saved")).toBeVisible();
});
