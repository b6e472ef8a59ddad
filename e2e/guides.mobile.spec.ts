import { expect, openSignedIn, test } from "./fixtures";

test("on a phone a manager edits a guide with a preview, and the guide reads without sideways scrolling", async ({
  page,
  merchant,
}) => {
  await openSignedIn(page, merchant.accounts.manager);
  await page.getByRole("button", { name: "Open menu" }).click();
  await page.getByRole("dialog").getByRole("link", { name: "Guides" }).click();
  await expect(page.getByRole("heading", { name: "Training guides", level: 1 })).toBeVisible();
  await page
    .getByRole("link", { name: "Edit: Refunds: asking, approving and what changes" })
    .click();

  // Write, then preview: the injected HTML is shown as nothing, the Markdown as a heading.
  await page.getByRole("button", { name: "English" }).click();
  const body = page.getByLabel("Text in Markdown (English)");
  await body.fill(
    "## Counter rule\n\n<img src=x onerror=\"document.title='hacked'\">Ask the manager.",
  );
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { name: "Counter rule" })).toBeVisible();
  await expect(preview.locator("img")).toHaveCount(0);
  await expect(page).not.toHaveTitle("hacked");
  await expect(body).toBeHidden();

  // The next version's number, as the button says it.
  const save = page.getByRole("button", { name: /^Save as version \d+$/ });
  const next = (await save.innerText()).replace(/\D+/g, "");
  await save.click();
  await page
    .getByRole("alertdialog")
    .getByRole("button", { name: `Save as version ${next}` })
    .click();
  await expect(page).toHaveURL(/\/guides\/refunds$/);
  await expect(page.getByText(`Version ${next}`, { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Counter rule" })).toBeVisible();
  await expect(page).not.toHaveTitle("hacked");
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
