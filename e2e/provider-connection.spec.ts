import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { rsaPair, selfSignedCertificate } from "@/test/fake-providers/shared";
import { expect, test } from "./fixtures";
import { mutate, paymentMethodsOf } from "./trpc-http";

const keys = () => generateKeyPairSync("rsa", { modulusLength: 2048 });
const inEnglish: [string, string, string] = ["Add method", "Kind", "Add method"];
const badPem = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----";

const providerNames = { alipay: "Alipay", wechat_pay: "WeChat Pay" };

/** Adds a method of our own (random name, so runs never collide) and tells its name. */
async function addMethod(
  page: Page,
  provider: keyof typeof providerNames,
  [add, kind, save]: [string, string, string],
) {
  const label = `${providerNames[provider]} ${randomBytes(3).toString("hex")}`;
  await page.goto("/payment-methods");
  await page.getByRole("button", { name: add }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(kind).selectOption(provider);
  await dialog.locator("#label").fill(label);
  await dialog.getByRole("button", { name: save }).click();
  await expect(dialog).toBeHidden();
  return label;
}

test("a manager connects Alipay: bad keys refused by field, keys never shown back", async ({
  managerPage: page,
}) => {
  const label = await addMethod(page, "alipay", inEnglish);
  const card = page.getByRole("region", { name: label });
  await expect(card).toContainText("Not set");

  await card.getByRole("button", { name: `Connection of ${label}` }).click();
  const dialog = page.getByRole("dialog", { name: `Connection of ${label}` });
  const notify = dialog.getByLabel("Notify URL");
  await expect(notify).toHaveValue(/\/api\/webhooks\/alipay\/[0-9a-f-]{36}$/);
  await expect(dialog.getByRole("button", { name: "Copy" })).toBeVisible();

  const app = keys();
  const alipay = keys();
  // Checked in the browser first: the first field in error takes the focus.
  await dialog.getByLabel("App ID").fill("2021-0001");
  await dialog.getByRole("button", { name: "Save connection" }).click();
  await expect(dialog.getByLabel("App ID")).toBeFocused();
  await expect(dialog.getByLabel("App ID")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("App ID")).toHaveAccessibleDescription("Digits only.");
  await dialog.getByLabel("App ID").fill("2021000123456789");
  await dialog.getByLabel("Private key").fill(badPem);
  await dialog
    .getByLabel("Alipay public key")
    .fill(alipay.publicKey.export({ type: "spki", format: "pem" }).toString());
  await dialog.getByRole("button", { name: "Save connection" }).click();
  await expect(dialog.getByLabel("Private key")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByText("The private key could not be read.").first()).toBeVisible();

  // Alipay's key tool gives the private key as bare base64 (PKCS#1): accepted as it is.
  await dialog
    .getByLabel("Private key")
    .fill(app.privateKey.export({ type: "pkcs1", format: "der" }).toString("base64"));
  await dialog.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByText("Connection saved")).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(card).toContainText("Configured");

  // Reopened: the ids are shown back, the keys only as configured, their fields empty.
  await page.reload();
  await card.getByRole("button", { name: `Connection of ${label}` }).click();
  await expect(dialog.getByLabel("App ID")).toHaveValue("2021000123456789");
  await expect(dialog.getByText("Configured", { exact: true })).toHaveCount(2);
  await expect(dialog.getByLabel("Private key")).toHaveValue("");
  await expect(dialog.getByLabel("Alipay public key")).toHaveValue("");
  await expect(page.locator("body")).not.toContainText("BEGIN PUBLIC KEY");

  // Saving again with the key fields blank keeps the keys.
  await dialog.getByRole("button", { name: "Save connection" }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toContainText("Configured");
});

test("an owner sees the WeChat Pay platform keys held and removes one certificate after confirming", async ({
  ownerPage: page,
}) => {
  const label = await addMethod(page, "wechat_pay", inEnglish);
  const methods = await paymentMethodsOf(page);
  const id = methods.find((m) => m.label === label)!.id;
  const [older, newer] = ["1A2B3C4D5E6F70810000000000000001", "1A2B3C4D5E6F70810000000000000002"];
  const certificates = [older, newer].map((serial) =>
    selfSignedCertificate(rsaPair(), "Tenpay.com Root CA test", serial),
  );
  await mutate(page, "paymentMethods.setCredentials", {
    id,
    kind: "wechat_pay",
    appId: "wx0000000000000001",
    mchId: "1900000001",
    merchantSerialNo: "3775B6A45ACD588826D15E583A95F5DD",
    privateKeyPem: rsaPair().privateKeyPem,
    platformCertificatesPem: certificates.join("\n"),
    apiV3Key: randomBytes(16).toString("hex"),
  });

  await page.reload();
  const card = page.getByRole("region", { name: label });
  await card.getByRole("button", { name: `Connection of ${label}` }).click();
  const dialog = page.getByRole("dialog", { name: `Connection of ${label}` });
  const held = dialog.getByRole("region", { name: "Platform keys held" });
  await expect(held.getByRole("listitem")).toHaveCount(2);
  await expect(held).toContainText(older);
  await expect(held).toContainText(newer);
  await expect(held.getByRole("listitem").first()).toContainText(/Expires \w+/);

  await held.getByRole("button", { name: `Remove Platform certificate ${older}` }).click();
  const confirm = page.getByRole("alertdialog", { name: "Remove this Platform certificate?" });
  await expect(confirm).toContainText(older);
  await confirm.getByRole("button", { name: "Remove key" }).click();
  await expect(page.getByText(`${older} removed`)).toBeVisible();
  await expect(held.getByRole("listitem")).toHaveCount(1);
  await expect(held).toContainText(newer);
  await expect(held).not.toContainText(older);
});

test.describe("in Chinese", () => {
  test.use({ locale: "zh-CN" });

  test("a key that does not parse is refused with a Chinese message", async ({
    ownerPage: page,
  }) => {
    const label = await addMethod(page, "alipay", ["添加支付方式", "类型", "添加支付方式"]);
    const card = page.getByRole("region", { name: label });
    await card.getByRole("button", { name: `${label} 的连接` }).click();
    const dialog = page.getByRole("dialog", { name: `${label} 的连接` });
    await dialog.getByRole("button", { name: "保存连接" }).click();
    await expect(dialog.getByLabel("应用 APPID")).toBeFocused();
    await expect(dialog.getByLabel("应用 APPID")).toHaveAccessibleDescription("此项必填。");
    await dialog.getByLabel("应用 APPID").fill("2021000123456789");
    await dialog.getByLabel("支付宝公钥").fill("这不是公钥");
    await dialog.getByRole("button", { name: "保存连接" }).click();
    await expect(dialog.getByText("无法读取公钥或证书").first()).toBeVisible();
    await expect(dialog.getByLabel("支付宝公钥")).toHaveAttribute("aria-invalid", "true");
  });
});
