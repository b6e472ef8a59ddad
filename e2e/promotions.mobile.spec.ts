import { expect, expectNoPageOverflow, test } from "./fixtures";
import { mutate } from "./trpc-http";

test("a store named with 100 letters without a space fits the promotion form on a phone", async ({
  ownerPage: page,
}) => {
  const name = "PeoplesSquareBranch".repeat(6).slice(0, 100);
  await mutate(page, "stores.create", { name });
  await page.goto("/promotions");
  await expect(page.getByRole("checkbox", { name })).toBeVisible();
  await expectNoPageOverflow(page);
});
