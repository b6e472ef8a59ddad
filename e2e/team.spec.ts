import { expect, randomEmail, test } from "./fixtures";

test("the owner adds a cashier, changes the role, and removes them after confirming", async ({
  ownerPage: page,
}) => {
  const email = randomEmail("cashier");
  let name = `New Cashier ${email.slice(8, 16)}`;
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Team" })
    .click();

  await page.getByRole("button", { name: "Add member" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a team member" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByRole("button", { name: "Add to team" }).click();
  // A name and a first password are always asked, so the dialog never tells whether the
  // e-mail already has an account.
  await expect(dialog.getByText("This field is required.")).toBeVisible();
  await expect(dialog.getByText("The password needs at least 8 characters.")).toBeVisible();

  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Role").selectOption("staff");
  await dialog.getByLabel("First password").fill("first-pass-123");
  await dialog.getByRole("button", { name: "Add to team" }).click();
  await expect(dialog).toBeHidden();
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

test("the last owner cannot be demoted", async ({ ownerPage: page, merchant }) => {
  const owner = merchant.accounts.owner;
  await page.goto("/team");
  const select = page.getByLabel(`Role of ${owner.name}`);
  await select.selectOption("manager");
  await expect(page.getByText("The shop must keep at least one owner.")).toBeVisible();
  await expect(select).toHaveValue("owner");
});
