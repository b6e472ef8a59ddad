import { expect, randomEmail, signInThroughForm, signInNewMember, signOut, test } from "./fixtures";

test("the first visit follows the browser's language", async ({ browser }) => {
  const zh = await browser.newContext({ locale: "zh-CN" });
  const page = await zh.newPage();
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "登录核销" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await zh.close();
});

test("the language switch changes the UI and is remembered for the user", async ({
  page,
  browser,
  merchant,
}) => {
  // Two sign-ins and a password of the member's own (three password hashings) before the
  // switch: on a busy machine that alone can take most of a normal test's minute.
  test.slow();
  // A member of our own, so that changing the language touches no other test's user.
  const email = randomEmail("lang");
  await signInThroughForm(page, merchant.accounts.owner);
  await page.goto("/team");
  await page.getByRole("button", { name: "Add member" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Name").fill("Lang Tester");
  await dialog.getByLabel("First password").fill("first-pass-789");
  await dialog.getByRole("button", { name: "Save invitation" }).click();
  await expect(dialog).toBeHidden();
  await signOut(page);

  const own = await signInNewMember(page, email, "first-pass-789");
  await page.getByRole("button", { name: "Language" }).click();
  await page.getByRole("menuitemradio", { name: "简体中文" }).click();
  await expect(
    page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "设置" }),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("您好");

  // Another browser whose language is English: the user's choice wins once signed in.
  const other = await browser.newContext({ locale: "en-US" });
  const page2 = await other.newPage();
  await signInThroughForm(page2, { email, password: own });
  await expect(page2.getByRole("navigation", { name: "主导航" })).toBeVisible();
  await page2.getByRole("button", { name: "语言" }).click();
  await page2.getByRole("menuitemradio", { name: "English" }).click();
  await expect(page2.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
  await other.close();
});
