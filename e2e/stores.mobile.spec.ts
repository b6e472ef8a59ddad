import { expect, expectNoPageOverflow, test } from "./fixtures";
import { mutate } from "./trpc-http";

test("a store named with 100 letters without a space fits the stores page on a phone", async ({
  ownerPage: page,
}) => {
  const name = "PeoplesSquareBranch".repeat(6).slice(0, 100);
  await mutate(page, "stores.create", {
    name,
    address: "HuangpuDistrictPeoplesAvenue".repeat(10).slice(0, 300),
    receiptHeader: "WelcomeToOurShop".repeat(20).slice(0, 300),
  });
  await page.goto("/stores");
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expectNoPageOverflow(page);
});
