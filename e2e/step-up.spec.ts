import { expect, submitSignIn, test } from "./fixtures";

test("the owner changes a member's role after confirming it's them with the password", async ({
  page,
  merchant,
}) => {
  const owner = merchant.accounts.owner;
  const manager = merchant.accounts.manager;
  // Signed in, but not confirmed since (fixtures' signIn would step up at once).
  await submitSignIn(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  // The dialog's sentences come with it, from an address naming this build's catalogue.
  const sentences = page.waitForResponse((res) => res.url().includes("/api/messages?"));
  await page.goto("/team");

  const select = page.getByLabel(`Role of ${manager.name}`);
  await select.selectOption("analyst");
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(dialog).toBeVisible();
  const version = await page.locator("html").getAttribute("data-messages");
  expect(version).toMatch(/^[\w-]{16}$/);
  const answer = await sentences;
  expect(new URL(answer.url()).searchParams.get("v")).toBe(version);
  expect(answer.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  await dialog.getByLabel("Password").fill("not-my-password");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText("The current password is not right.")).toBeVisible();
  await dialog.getByLabel("Password").fill(owner.password);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  // The refused change went through once confirmed, without choosing the role again.
  await expect(page.getByText("Role changed")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(`Role of ${manager.name}`)).toHaveValue("analyst");

  // Within the next minutes, another change is not asked again.
  await page.getByLabel(`Role of ${manager.name}`).selectOption("staff");
  await expect(page.getByText("Role changed")).toBeVisible();
  await expect(dialog).toBeHidden();
});

test("店主确认是本人后修改成员角色（中文）", async ({ browser, merchant }) => {
  const owner = merchant.accounts.owner;
  const analyst = merchant.accounts.analyst;
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await submitSignIn(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  await page.goto("/team");

  await page.getByLabel(`${analyst.name} 的角色`).selectOption("staff");
  const dialog = page.getByRole("dialog", { name: "请确认是您本人" });
  await expect(dialog).toBeVisible();
  // Closing the dialog leaves the role as it was, with the refusal shown.
  await dialog.getByRole("button", { name: "取消" }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(page.getByLabel(`${analyst.name} 的角色`)).toHaveValue("analyst");

  await page.getByLabel(`${analyst.name} 的角色`).selectOption("staff");
  await dialog.getByLabel("密码").fill(owner.password);
  await dialog.getByRole("button", { name: "确认" }).click();
  await expect(page.getByText("角色已修改")).toBeVisible();
  await expect(page.getByLabel(`${analyst.name} 的角色`)).toHaveValue("staff");
  await context.close();
});
