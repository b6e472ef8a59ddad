import { readFile } from "node:fs/promises";
import { expect, expectNoPageOverflow, signIn, test } from "./fixtures";

// Both journeys read the owner's own sign-in in the log: they sign in through the endpoint
// rather than take the seed route's session (which records none).
test("the owner filters the audit log, verifies the chain, keeps its head and downloads the CSV", async ({
  page,
  merchant,
}) => {
  // A long journey (two downloads, two verifications, a reload): only a hang should time it out.
  test.slow();
  const owner = merchant.accounts.owner;
  await signIn(page, owner);
  await page.goto("/settings");
  await page.getByRole("link", { name: "Open the audit log" }).click();
  await expect(page).toHaveURL(/\/settings\/audit$/);
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();

  // The owner's own sign-in is there, by name and e-mail.
  await page.getByLabel("Action").selectOption({ label: "Signed in" });
  await expect(page).toHaveURL(/action=account\.sign_in/);
  const signIns = page.getByRole("row").filter({ hasText: "Signed in" });
  await expect(signIns.first()).toContainText(`${owner.name} <${owner.email}>`);
  await expect(page.getByRole("row").filter({ hasText: "Confirmed it was them" })).toHaveCount(0);

  await page.getByLabel("Person").selectOption({ label: `${owner.name} <${owner.email}>` });
  await expect(page).toHaveURL(/person=/);
  await expect(signIns.first()).toBeVisible();

  // A day long before the shop existed: nothing, and the list says so.
  await page.getByRole("textbox", { name: "To", exact: true }).fill("2020-01-01");
  await expect(page.getByText("No entry matches these filters")).toBeVisible();
  await page.getByRole("textbox", { name: "To", exact: true }).fill("");
  await expect(signIns.first()).toBeVisible();

  // The chain holds; no head was exported for this new shop yet.
  await page.getByRole("button", { name: "Verify the chain" }).click();
  const verdict = page.getByTestId("chain-verdict");
  await expect(verdict).toContainText(/Intact: entries 1 to \d+ all verify\./);

  const headDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the signed head" }).click();
  const head = await headDownload;
  expect(head.suggestedFilename()).toMatch(/^audit-head-\d+\.json$/);
  const signed = JSON.parse(await readFile(await head.path(), "utf8")) as Record<string, unknown>;
  expect(signed).toMatchObject({ merchantId: merchant.merchantId });
  expect(signed.signature).toMatch(/^[0-9a-f]{64}$/);

  await page.getByRole("button", { name: "Verify the chain" }).click();
  await expect(verdict).toContainText(`Matches the head exported at`);
  await expect(verdict).toContainText(`(entry ${String(signed.seq)})`);

  // The CSV has the same filters (sign-ins only), and the download itself is recorded.
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = await readFile(await (await csvDownload).path(), "utf8");
  const lines = csv
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines[0]).toBe(
    "No.,Time,Person,Action,Entity type,Entity ID,IP address,Device,Before,After",
  );
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(1)) expect(line).toContain("account.sign_in");

  await page.reload();
  await page.getByLabel("Action").selectOption({ label: "Downloaded a file" });
  await expect(page.getByRole("row").filter({ hasText: "Downloaded a file" })).toHaveCount(1);
  // What was taken, field by field: the format and the two filters it was taken with.
  await page
    .getByRole("row")
    .filter({ hasText: "Downloaded a file" })
    .getByText("3 changes")
    .click();
  await expect(page.getByText("format", { exact: true })).toBeVisible();
  await expect(page.getByText("filters.action", { exact: true })).toBeVisible();
  await expect(page.getByText("filters.actorUserId", { exact: true })).toBeVisible();
  await expect(page.getByText("account.sign_in", { exact: true })).toBeVisible();
});

test("the audit log in Chinese, and on a phone", async ({ page, merchant }) => {
  await signIn(page, merchant.accounts.owner);
  await page.goto("/settings/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Signed in" }).first()).toBeVisible();
  await expectNoPageOverflow(page);
  // The filters fold away on a phone, behind one button.
  await page.getByRole("button", { name: "Filters" }).click();
  await expect(page.getByLabel("Entity ID")).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole("button", { name: "Language" }).click();
  await page.getByRole("menuitemradio", { name: "简体中文" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "审计日志" })).toBeVisible();
  await page.getByRole("button", { name: "核验记录链" }).click();
  await expect(page.getByTestId("chain-verdict")).toContainText(
    /完整：第 1 至 \d+ 条记录全部核验通过。/,
  );
  await expect(page.getByRole("row").filter({ hasText: "登录" }).first()).toBeVisible();
});

test("only the owner has the audit log", async ({ managerPage: page }) => {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open the audit log" })).toHaveCount(0);
  await page.goto("/settings/audit");
  await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
  const res = await page.request.get("/api/exports/audit");
  expect(res.status()).toBe(403);
});
