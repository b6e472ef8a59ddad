import { expect, test } from "@playwright/test";
import { demoAccount, signIn } from "./fixtures";

test("a cashier cannot open the team page nor call its procedures", async ({ page }) => {
  await signIn(page, demoAccount("staff"));
  await page.goto("/team");
  await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);

  // The server refuses too, whatever the menu shows: the same session calling tRPC directly.
  const list = await page.request.get("/api/trpc/team.list");
  expect(list.status()).toBe(403);
  const add = await page.request.post("/api/trpc/team.add", {
    data: {
      json: {
        email: "intruder@e2e.example",
        name: "Intruder",
        role: "owner",
        password: "12345678",
      },
    },
  });
  expect(add.status()).toBe(403);
});

test("an analyst reads the shop settings but cannot change them", async ({ page }) => {
  await signIn(page, demoAccount("analyst"));
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Settings" })
    .click();
  await expect(page.getByText("Only the owner can change these settings.")).toBeVisible();
  await expect(page.getByLabel("Shop name")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
});

test("without a session the API answers 401", async ({ request }) => {
  const res = await request.get("/api/trpc/me.get");
  expect(res.status()).toBe(401);
});
