import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, randomEmail, signInNewMember, test, violationsOnly } from "./fixtures";

/** A new cashier of the test's shop: the journey starts from no progress. */
async function hireCashier(owner: Page) {
  const email = randomEmail("trainee");
  const name = `Trainee ${email.slice(8, 16)}`;
  await owner.goto("/team");
  await owner.getByRole("button", { name: "Add member" }).click();
  const dialog = owner.getByRole("dialog", { name: "Invite a team member" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Role").selectOption("staff");
  await dialog.getByLabel("First password").fill("first-pass-123");
  await dialog.getByRole("button", { name: "Save invitation" }).click();
  await expect(dialog).toBeHidden();
  return { email, name, password: "first-pass-123" };
}

test("a cashier reads the redeem guide in Chinese, passes its quiz, and the owner sees it completed", async ({
  ownerPage: owner,
  browser,
}) => {
  test.slow();
  const cashier = await hireCashier(owner);

  const zh = await browser.newContext({ locale: "zh-CN" });
  const staff = await zh.newPage();
  await signInNewMember(staff, cashier.email, cashier.password);
  // The console's home says guides are waiting.
  await expect(staff.getByRole("heading", { name: "您还有 8 份培训指南未完成" })).toBeVisible();
  await staff
    .getByRole("navigation", { name: "主导航" })
    .getByRole("link", { name: "培训指南" })
    .click();
  await expect(staff.getByRole("heading", { name: "培训指南", level: 1 })).toBeVisible();
  // A cashier's library has no owner's checklist.
  await expect(staff.getByRole("link", { name: "店主每日检查清单" })).toHaveCount(0);

  await staff.getByLabel("搜索指南").fill("校验位");
  const link = staff.getByRole("link", { name: /^核销电子券/ });
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(staff.getByRole("heading", { level: 1, name: /^核销电子券/ })).toBeVisible();
  await expect(staff.getByRole("heading", { name: "5. 核销错了怎么办：撤销核销" })).toBeVisible();
  await expect(staff.getByText("请先确认已读，再参加测验。")).toBeVisible();

  await staff.getByRole("button", { name: "我已阅读本指南，并将照此执行" }).click();
  await expect(staff.getByText("待通过测验")).toBeVisible();

  const question = (n: number) => staff.getByRole("group", { name: new RegExp(`^第 ${n} 题`) });
  // Two wrong answers: 2 of 4 right, 3 needed — scored by the server, not passed.
  await question(1).getByLabel("相信顾客，再交付一次").check();
  await question(2).getByLabel("券兑换的内容、剩余次数、有效期和适用门店").check();
  await question(3).getByLabel("下班前再说").check();
  await question(4)
    .getByLabel(/很可能输错或对调了字符/)
    .check();
  await staff.getByRole("button", { name: "提交答案" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "答对 2 / 4 题" })).toBeVisible();
  await expect(question(1).getByText("错误")).toBeVisible();

  await question(1)
    .getByLabel(/^不交付，告诉顾客核销记录/)
    .check();
  await question(3)
    .getByLabel(/^立即请经理在规定时间内/)
    .check();
  await staff.getByRole("button", { name: "提交答案" }).click();
  await expect(staff.getByText("通过：答对 4 / 4 题。本指南已完成。")).toBeVisible();
  await expect(staff.getByText(/您已于 .+ 完成本指南。/)).toBeVisible();
  // Once passed, the reasons are shown.
  await expect(staff.getByText("已使用的券不能再交付；撤销核销只有经理和店主能做。")).toBeVisible();

  // The owner's matrix: the trainee's redeem guide is completed, the others are not.
  await owner.goto("/guides");
  await owner.getByRole("link", { name: "Training progress" }).click();
  await expect(owner.getByRole("heading", { name: "Training progress", level: 1 })).toBeVisible();
  const row = owner.getByRole("row", { name: new RegExp(cashier.name) });
  await expect(row.getByRole("cell").nth(0)).toHaveText("1 / 8");
  const columns = await owner.getByRole("columnheader").allInnerTexts();
  const redeemColumn = columns.findIndex((c) => c.startsWith("Redeeming a voucher"));
  expect(redeemColumn).toBeGreaterThan(1);
  // Cells follow the row header, so a column's cell index is its header index minus one.
  await expect(row.getByRole("cell").nth(redeemColumn - 1)).toContainText("Completed");
  await expect(row.getByRole("cell").nth(redeemColumn - 1)).toContainText("Quiz: 4 right");

  // The owner reminds the trainee of the fraud guide; the trainee sees it in their library.
  await row.getByRole("button", { name: /^Remind .+ to finish “Spotting fraud/ }).click();
  await expect(owner.getByText(`Reminder recorded: ${cashier.name}`)).toBeVisible();
  await staff.goto("/guides");
  const reminders = staff.getByRole("status").filter({ hasText: "有人提醒您完成以下指南" });
  await expect(reminders.getByRole("link", { name: "识别柜台诈骗与社会工程" })).toBeVisible();
  await zh.close();
});

test("a cashier cannot open the editor or the progress matrix", async ({ staffPage: page }) => {
  for (const path of ["/guides/progress", "/guides/refunds/edit"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(
      /Training progress|Edit guide/,
    );
  }
  // A guide meant for other roles is not found, as one that does not exist.
  const res = await page.goto("/guides/owner-daily-review");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("a new cashier practises a payment in the practice shop, clearly marked, without touching the real shop", async ({
  ownerPage: owner,
  browser,
}) => {
  test.slow();
  const cashier = await hireCashier(owner);
  const context = await browser.newContext({ locale: "en-US" });
  const staff = await context.newPage();
  await signInNewMember(staff, cashier.email, cashier.password);
  await staff.goto("/guides");
  await expect(staff.getByText("4 counter guides are not finished yet.")).toBeVisible();
  await staff.getByRole("button", { name: "Start practising" }).click();
  await expect(staff).toHaveURL(/\/orders\/new$/);
  await expect(staff.getByRole("status").filter({ hasText: "Practice mode." })).toBeVisible();

  await staff.getByText("Amount only").click();
  await staff.getByLabel("Amount (CNY)").fill("8.8");
  await staff.getByRole("button", { name: "Create order" }).click();
  await expect(staff).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  const practiceOrderPath = new URL(staff.url()).pathname;
  await expect(staff.getByRole("status").filter({ hasText: "Practice mode." })).toBeVisible();
  const method = "模拟支付宝（练习） Simulated Alipay (practice)";
  await staff.getByRole("button", { name: method, exact: true }).click();
  const payPath = await staff.getByRole("link", { name: "Open pay page" }).getAttribute("href");

  // The customer's side says practice too, and the sandbox wallet settles it.
  const phone = await browser.newContext({
    locale: "zh-CN",
    viewport: { width: 390, height: 844 },
  });
  const customer = await phone.newPage();
  await customer.goto(payPath!);
  await expect(customer.getByRole("heading", { name: /^练习 Practice · / })).toBeVisible();
  await customer.getByRole("link", { name: `使用${method}付款` }).click();
  await customer.getByLabel("支付密码").fill("123456");
  await customer.getByRole("radio", { name: "付款" }).check();
  await customer.getByRole("button", { name: "确认付款" }).click();
  await expect(staff.getByTestId("paid-state")).toHaveText("Paid", { timeout: 20_000 });
  await phone.close();

  await staff.getByRole("button", { name: "Leave practice" }).click();
  await expect(staff).toHaveURL(/\/guides$/);
  await expect(staff.getByRole("status").filter({ hasText: "Practice mode." })).toHaveCount(0);
  // The real shop does not know the practice order.
  const res = await owner.goto(practiceOrderPath);
  expect(res?.status()).toBe(404);
  await expect(owner.getByTestId("paid-state")).toHaveCount(0);
  await context.close();
});

test("the guide screens have no serious accessibility violations", async ({ ownerPage: page }) => {
  test.slow(); // four pages, each analysed whole by axe
  const check = async () => {
    const results = await new AxeBuilder({ page }).options(violationsOnly).analyze();
    const serious = results.violations.filter(
      (v) => v.impact === "serious" || v.impact === "critical",
    );
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ).toEqual([]);
  };
  for (const [path, heading] of [
    ["/guides", "Training guides"],
    ["/guides/counter-fraud", "Spotting fraud and social engineering at the counter"],
    ["/guides/progress", "Training progress"],
    ["/guides/verify-payment/edit", /^Edit guide/],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await check();
  }
});
