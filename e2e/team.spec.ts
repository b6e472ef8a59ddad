import {
  expect,
  randomEmail,
  seedTestMerchant,
  signInThroughForm,
  signInNewMember,
  test,
} from "./fixtures";

test("the owner invites a cashier, who joins by choosing a password; then a role change, a rename and a removal", async ({
  ownerPage: page,
  browser,
}) => {
  test.slow();
  const email = randomEmail("cashier");
  let name = `New Cashier ${email.slice(8, 16)}`;
  await page.goto("/");
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Team" })
    .click();

  await page.getByRole("button", { name: "Add member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a team member" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByRole("button", { name: "Save invitation" }).click();
  // A name and a first password are always asked, so the dialog never tells whether the
  // e-mail already has an account.
  await expect(dialog.getByText("This field is required.")).toBeVisible();
  await expect(dialog.getByText("The password needs at least 10 characters.")).toBeVisible();

  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Role").selectOption("staff");
  await dialog.getByLabel("First password").fill("first-pass-123");
  await dialog.getByRole("button", { name: "Save invitation" }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByText(`Invitation saved: ${email} joins the team once they sign in and accept it.`),
  ).toBeVisible();
  // Waiting for an answer, not on the team yet.
  const invitations = page.getByRole("table", { name: "Invitations awaiting an answer" });
  await expect(invitations.getByRole("row", { name: new RegExp(email) })).toContainText("Cashier");
  const team = page.getByRole("table", { name: "Team", exact: true });
  await expect(team.getByRole("row", { name: new RegExp(email) })).toHaveCount(0);

  // The new cashier chooses a password, which accepts the invitation.
  const other = await browser.newContext();
  await signInNewMember(await other.newPage(), email, "first-pass-123");
  await other.close();
  await page.reload();
  await expect(invitations.getByRole("row", { name: new RegExp(email) })).toHaveCount(0);
  await expect(page.getByText("No invitations are waiting.")).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toBeVisible();
  await expect(row.getByLabel(`Role of ${name}`)).toHaveValue("staff");

  await row.getByLabel(`Role of ${name}`).selectOption("manager");
  await expect(page.getByText("Role changed")).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole("row", { name: new RegExp(name) }).getByLabel(`Role of ${name}`),
  ).toHaveValue("manager");

  // Only the owner names people; the new name replaces the old one in the list.
  const renamed = `${name} Li`;
  await page.getByRole("button", { name: `Rename ${name}` }).click();
  const renameDialog = page.getByRole("dialog", { name: `Rename ${name}` });
  await renameDialog.getByLabel("Name").fill(renamed);
  await renameDialog.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText(`${name} is now called ${renamed}.`)).toBeVisible();
  await expect(page.getByRole("button", { name: `Rename ${renamed}` })).toBeVisible();
  name = renamed;

  // Removing asks first; cancelling keeps the member.
  await page.getByRole("button", { name: `Remove ${name}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Remove ${name} from the team?` });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toBeVisible();
  await page.getByRole("button", { name: `Remove ${name}` }).click();
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
});

test("the owner withdraws an invitation after confirming", async ({ ownerPage: page }) => {
  const email = randomEmail("withdrawn");
  await page.goto("/team");
  await page.getByRole("button", { name: "Add member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a team member" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Name").fill("Not Hired");
  await dialog.getByLabel("First password").fill("first-pass-123");
  await dialog.getByRole("button", { name: "Save invitation" }).click();
  await expect(dialog).toBeHidden();
  const invitations = page.getByRole("table", { name: "Invitations awaiting an answer" });
  await expect(invitations.getByRole("row", { name: new RegExp(email) })).toBeVisible();

  await page.getByRole("button", { name: `Withdraw the invitation to ${email}` }).click();
  const confirm = page.getByRole("alertdialog", {
    name: `Withdraw the invitation to ${email}?`,
  });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(invitations.getByRole("row", { name: new RegExp(email) })).toBeVisible();
  await page.getByRole("button", { name: `Withdraw the invitation to ${email}` }).click();
  await confirm.getByRole("button", { name: "Withdraw" }).click();
  await expect(page.getByText("Invitation withdrawn")).toBeVisible();
  await expect(invitations.getByRole("row", { name: new RegExp(email) })).toHaveCount(0);
  await page.reload();
  await expect(page.getByText("No invitations are waiting.")).toBeVisible();
});

test("a member of another shop joins only by accepting; declining leaves nothing", async ({
  ownerPage: owner,
  browser,
  request,
}) => {
  test.slow();
  const elsewhere = await seedTestMerchant(request);
  const joining = elsewhere.accounts.staff;
  const declining = elsewhere.accounts.analyst;

  await owner.goto("/team");
  for (const [person, role] of [
    [joining, "manager"],
    [declining, "staff"],
  ] as const) {
    await owner.getByRole("button", { name: "Add member" }).click();
    const dialog = owner.getByRole("dialog", { name: "Invite a team member" });
    await dialog.getByLabel("Email").fill(person.email);
    await dialog.getByLabel("Name").fill("Typed By Owner");
    await dialog.getByLabel("Role").selectOption(role);
    await dialog.getByLabel("First password").fill("takeover-pass-1");
    await dialog.getByRole("button", { name: "Save invitation" }).click();
    await expect(dialog).toBeHidden();
    // The same words as for an e-mail without an account.
    await expect(
      owner.getByText(
        `Invitation saved: ${person.email} joins the team once they sign in and accept it.`,
      ),
    ).toBeVisible();
  }
  // Nobody was attached: both wait in the invitations, neither is on the team.
  const invitations = owner.getByRole("table", { name: "Invitations awaiting an answer" });
  await expect(invitations.getByRole("row")).toHaveCount(3);
  // Both shops are copies of the demo café, with the same names: rows are told by e-mail.
  await expect(owner.getByRole("row", { name: new RegExp(joining.email) })).toHaveCount(1);

  // The cashier of the other shop sees the invitation above the console and accepts it.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughForm(page, joining);
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  await expect(nav.getByRole("link", { name: "Stores" })).toHaveCount(0);
  const banner = page.getByRole("region", { name: "A shop invites you to its team" });
  await expect(banner).toContainText("invites you as Manager");
  await banner.getByRole("button", { name: /^Join / }).click();
  await expect(page.getByText(/^You joined /)).toBeVisible();
  // Now working in the shop just joined, as its manager, and able to switch back.
  await expect(nav.getByRole("link", { name: "Stores" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Switch merchant" })).toBeVisible();
  await expect(banner).toHaveCount(0);
  await context.close();

  // The analyst declines, after confirming; nothing is attached.
  const context2 = await browser.newContext();
  const page2 = await context2.newPage();
  await signInThroughForm(page2, declining);
  const banner2 = page2.getByRole("region", { name: "A shop invites you to its team" });
  await banner2.getByRole("button", { name: /^Decline the invitation from / }).click();
  await page2.getByRole("alertdialog").getByRole("button", { name: "Decline" }).click();
  await expect(page2.getByText("Invitation declined.")).toBeVisible();
  await expect(banner2).toHaveCount(0);
  await page2.reload();
  await expect(page2.getByRole("main")).toBeVisible();
  await expect(banner2).toHaveCount(0);
  await expect(page2.getByRole("button", { name: "Switch merchant" })).toHaveCount(0);
  await context2.close();

  await owner.reload();
  await expect(owner.getByText("No invitations are waiting.")).toBeVisible();
  const joined = owner.getByRole("row", { name: new RegExp(joining.email) });
  await expect(joined.getByLabel(`Role of ${joining.name}`)).toHaveValue("manager");
  await expect(owner.getByRole("row", { name: new RegExp(declining.email) })).toHaveCount(0);
});

test("the last owner cannot be demoted", async ({ ownerPage: page, merchant }) => {
  const owner = merchant.accounts.owner;
  await page.goto("/team");
  const select = page.getByLabel(`Role of ${owner.name}`);
  await select.selectOption("manager");
  await expect(page.getByText("The shop must keep at least one owner.")).toBeVisible();
  await expect(select).toHaveValue("owner");
});
