import { expect, test, type Page } from "@playwright/test";
import { demoAccount, signIn } from "./fixtures";

/** The page itself never scrolls sideways: wide content scrolls inside its own box. */
async function expectNoPageOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

test("Home shows the owner today's business, with links to act on it", async ({ page }) => {
  await signIn(page, demoAccount("owner"));
  await expect(page.getByRole("heading", { name: "Today's takings" })).toBeVisible();
  // The comparison says what it compares: the same weekday, up to the same time.
  await expect(page.getByText(/Compared with last \w+day up to the same time/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Open orders" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Failed payments today" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Open alerts" })).toBeVisible();
  await page.getByRole("link", { name: "View open orders" }).click();
  await expect(page).toHaveURL(/\/orders\?status=pending/);
});

/** The React payload a page's HTML carries (the rows Next.js pushes to `self.__next_f`). */
function flightPayload(html: string) {
  return [...html.matchAll(/<script[^>]*>self\.__next_f\.push\((.*?)\)<\/script>/gs)]
    .map((m) => JSON.parse(m[1]!) as [number, string?])
    .map(([, row]) => row ?? "")
    .join("");
}

/** The keys of the queries a payload hands the browser (HydrateQueries' `key`s), as text. */
function sentQueryKeys(payload: string) {
  const keys: string[] = [];
  for (const m of payload.matchAll(/"key":\[\[/g)) {
    // The key runs to the bracket closing its own: [[path…], {input, type}].
    let depth = 0;
    let end = m.index + '"key":'.length;
    do {
      const c = payload[end++];
      if (c === "[" || c === "{") depth++;
      else if (c === "]" || c === "}") depth--;
    } while (depth > 0 && end < payload.length);
    keys.push(payload.slice(m.index + '"key":'.length, end));
  }
  return keys;
}

test("a console page's HTML carries each query it hands the browser once", async ({ page }) => {
  await signIn(page, demoAccount("owner"));
  for (const path of ["/", "/orders"]) {
    const payload = flightPayload(await (await page.request.get(path)).text());
    const keys = sentQueryKeys(payload);
    // The shell's (the practice banner's) and the page's own, each in one boundary.
    expect(
      keys.filter((h) => h?.includes("practiceStatus")),
      path,
    ).toHaveLength(1);
    expect(keys.length, path).toBeGreaterThan(1);
    expect(new Set(keys).size, path).toBe(keys.length);
  }
});

// Fetched only once the page had run, the notice pushed Today's takings down by its height
// (Lighthouse: Home's one layout shift), under the finger of someone about to tap a link.
test("Home's guide notice comes with the page, not after it", async ({ page }) => {
  await signIn(page, demoAccount("owner"));
  // The page as served, before any of its scripts has run.
  const html = await (await page.request.get("/")).text();
  expect(html).toContain('id="guide-notice-title"');
});

test("Home shows a cashier their own shift and what waits for payment", async ({ page }) => {
  await signIn(page, demoAccount("staff"));
  await expect(page.getByText("Orders you created")).toBeVisible();
  await expect(page.getByRole("heading", { name: /Waiting for payment/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Redeem a voucher" })).toBeVisible();
  // The shop's takings are not the counter's business.
  await expect(page.getByRole("heading", { name: "Today's takings" })).toHaveCount(0);
});

test("an analyst sees the week on Home and reads, but cannot save, the scorecard", async ({
  page,
}) => {
  await signIn(page, demoAccount("analyst"));
  await expect(page.getByRole("heading", { name: "This week" })).toBeVisible();
  await expect(page.getByText("Effective fee rate")).toBeVisible();
  await page.getByRole("link", { name: "Open analytics" }).click();
  await expect(page).toHaveURL(/\/analytics/);
  await page.getByRole("button", { name: "Compare methods" }).click();
  await expect(page.getByRole("heading", { name: "Platform scorecard" })).toBeVisible();
  await expect(page.getByText("Owners and managers set the weights")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save scorecard" })).toHaveCount(0);
});

test("what-if fees take a typed rate such as 0.38 % and refuse one finer than 0.01 %", async ({
  page,
}) => {
  await signIn(page, demoAccount("analyst"));
  await page.goto("/analytics?tab=whatIf");
  await page.getByLabel("Priced under the fee rule of").selectOption({ label: "A rate I type" });
  await page.getByLabel("Rate (%)").fill("0.385");
  await expect(page.getByText("at most two decimals")).toBeVisible();
  await page.getByLabel("Rate (%)").fill("0.38");
  await expect(page.getByRole("table", { name: /Priced at 0\.38% \+/ })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "All stores" })).toBeVisible();
});

test("at 1280 px the analytics tables and the progress matrix stay inside the page", async ({
  page,
}) => {
  test.setTimeout(90_000); // six pages in one journey
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, demoAccount("owner"));
  await expectNoPageOverflow(page);
  for (const tab of ["methods", "traffic", "overview"]) {
    await page.goto(`/analytics?tab=${tab}`);
    // The figures load after the page: wait for them, not for the clock.
    await expect(page.getByRole("table").first()).toBeVisible({ timeout: 20_000 });
    await expectNoPageOverflow(page);
  }
  // Every column of the method comparison is visible without scrolling its box.
  await page.goto("/analytics?tab=methods");
  const region = page.getByRole("region", { name: "The numbers behind the chart" });
  await expect(region.getByRole("columnheader", { name: "Score" })).toBeVisible();
  const fits = await region.evaluate((el) => el.scrollWidth <= el.clientWidth);
  expect(fits).toBe(true);

  await page.goto("/guides/progress");
  await expect(page.getByRole("heading", { name: "Training progress", level: 1 })).toBeVisible();
  await expect(page.getByRole("table")).toBeVisible();
  await expectNoPageOverflow(page);
});
