import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { merchants, orders } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { giveCustomerEmail } from "@/test/customer-email";
import { contextFor } from "@/test/fixtures";
import { payableOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import { customerNotice } from "@/server/notices/customer-notice.service";
import { renderCustomerEmail } from "@/server/notices/customer-notice.logic";
import { createCaller } from "@/server/trpc/root";

const { db } = setupTestDatabase();
let chineseShop: PaymentsSeed;
let englishShop: PaymentsSeed;

beforeAll(async () => {
  chineseShop = await seedPayments(db, "Zh");
  englishShop = await seedPayments(db, "En");
  await db.update(merchants).set({ locale: "en" }).where(eq(merchants.id, englishShop.merchant.id));
});

const customer = () => createCaller(contextFor(db, null));

async function customerLocaleOf(orderId: string) {
  const [row] = await db
    .select({ locale: orders.customerLocale })
    .from(orders)
    .where(eq(orders.id, orderId));
  return row?.locale;
}

/** The success e-mail the order's customer would receive, rendered as the worker sends it. */
async function successEmail(attemptId: string) {
  const message = await db.transaction((tx) => customerNotice(tx, attemptId, "payment_succeeded"));
  if (!message) throw new Error("no e-mail for this order");
  return {
    locale: message.payload.locale,
    ...renderCustomerEmail(message.payload, "https://shop.example"),
  };
}

describe(`the customer's language on the order (${engine})`, () => {
  it("records the language the customer reads the pay page in, and their switch", async () => {
    const { order, attempt } = await payableOrder(db, chineseShop);
    expect(await customerLocaleOf(order.id)).toBeNull();
    await customer().pay.recordLocale({ token: attempt.token, locale: "en" });
    expect(await customerLocaleOf(order.id)).toBe("en");
    await customer().pay.recordLocale({ token: attempt.token, locale: "zh-CN" });
    expect(await customerLocaleOf(order.id)).toBe("zh-CN");
  });

  it("takes the language the cashier gives at the counter", async () => {
    const order = await createCaller(contextFor(db, chineseShop.people.staff)).orders.create({
      storeId: chineseShop.store.id,
      currency: "CNY",
      amountMinor: 500n,
      customerLocale: "en",
    });
    expect(await customerLocaleOf(order.id)).toBe("en");
  });

  it("refuses a language we do not speak, and changes nothing for an unknown link", async () => {
    const { order, attempt } = await payableOrder(db, chineseShop);
    await expect(
      customer().pay.recordLocale({ token: attempt.token, locale: "fr" as "en" }),
    ).rejects.toThrow();
    await customer().pay.recordLocale({ token: "x".repeat(20), locale: "en" });
    expect(await customerLocaleOf(order.id)).toBeNull();
  });

  it("writes an English customer's e-mail in English in a Chinese shop", async () => {
    const { order, attempt } = await payableOrder(db, chineseShop);
    await giveCustomerEmail(db, order.id);
    await customer().pay.recordLocale({ token: attempt.token, locale: "en" });
    const mail = await successEmail(attempt.id);
    expect(mail.locale).toBe("en");
    expect(mail.subject).toContain("payment received");
  });

  it("writes a Chinese customer's e-mail in Chinese in an English shop", async () => {
    const { order, attempt } = await payableOrder(db, englishShop);
    await giveCustomerEmail(db, order.id);
    await customer().pay.recordLocale({ token: attempt.token, locale: "zh-CN" });
    const mail = await successEmail(attempt.id);
    expect(mail.locale).toBe("zh-CN");
    expect(mail.subject).not.toContain("payment received");
    expect(mail.subject).toMatch(/[\u4e00-\u9fff]/);
  });

  it("falls back to the shop's language while the customer's is unknown", async () => {
    const { order, attempt } = await payableOrder(db, englishShop);
    await giveCustomerEmail(db, order.id);
    expect((await successEmail(attempt.id)).locale).toBe("en");
  });
});
