import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { paymentFailures } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor, seedMerchant, signedInSession } from "@/test/fixtures";
import { notify, seedPayments, testProviders, type PaymentsSeed } from "@/test/payments";
import { paidVoucher } from "@/test/vouchers";
import { createUserWithPassword } from "@/server/auth/user.service";
import { createAttempt } from "@/server/payments/payment-request.service";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder } from "@/server/payments/order.service";
import type { Context, SessionUser } from "@/server/trpc/init";
import { redeemVoucher } from "@/server/vouchers/redemption.service";
import { formatCode } from "@/server/vouchers/voucher-code.logic";
import { exportsByName } from "./export-registry";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let other: PaymentsSeed;
let bulk: Awaited<ReturnType<typeof seedMerchant>>;
let voucherCode: string;

beforeAll(async () => {
  a = await seedPayments(db, "Export");
  other = await seedPayments(db, "Other");
  bulk = await seedMerchant(db, "Bulk");

  // One failure with the customer's contact: a refused sandbox payment.
  const order = await createOrder(
    db,
    a.staff,
    a.merchant.id,
    createOrderInput.parse({
      storeId: a.store.id,
      currency: "CNY",
      amountMinor: 2500n,
      customerContact: "buyer@example.com",
    }),
  );
  const attempt = await createAttempt(
    db,
    a.staff,
    a.merchant.id,
    { orderId: order.id, methodId: a.sandbox.id },
    testProviders,
  );
  await notify(db, a.sandbox.id, attempt, { outcome: "failed" });

  // One redemption in the log.
  const { voucher } = await paidVoucher(db, a, undefined, 1250n);
  voucherCode = voucher.code;
  await redeemVoucher(db, a.staff, a.merchant.id, { code: voucher.code, storeId: a.store.id });

  // More failures than three keyset pages, in yen, at known instants.
  const base = Date.parse("2026-03-01T06:05:09Z");
  await db.insert(paymentFailures).values(
    Array.from({ length: 1234 }, (_, i) => ({
      merchantId: bulk.merchant.id,
      kind: "expired" as const,
      reason: "expired" as const,
      methodKind: "cash" as const,
      storeId: bulk.store.id,
      amountMinor: 1200n + BigInt(i),
      currency: "JPY",
      occurredAt: new Date(base - i * 60_000),
    })),
  );
});

async function download(
  user: SessionUser | null,
  path: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const url = new URL(path, "http://hexiao.test");
  const name = url.pathname.split("/").at(-1)!;
  return exportsByName[name]!(contextFor(db, user), new Request(url, { headers }));
}

/** The CSV's records, after checking the byte-order mark and CRLF line ends. */
async function records(res: Response): Promise<string[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  // Response.text() would drop the byte-order mark: decode the bytes as a spreadsheet does.
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
  expect(text.startsWith("\uFEFF")).toBe(true);
  expect(text.endsWith("\r\n")).toBe(true);
  expect(text.replaceAll("\r\n", "")).not.toMatch(/\n/);
  return text.slice(1).slice(0, -2).split("\r\n");
}

describe(`the export route (${engine})`, () => {
  it("answers 401 to no session, in the browser's language", async () => {
    const res = await download(null, "/api/exports/redemptions", { "accept-language": "en" });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("You are signed out. Sign in again to continue.");
    const zh = await download(null, "/api/exports/failures");
    expect(zh.status).toBe(401);
    expect(await zh.text()).toBe("您已退出登录，请重新登录后继续。");
  });

  it("answers 403 to a role the export is closed to, and to someone of no shop", async () => {
    const staff = { ...a.people.staff, locale: "en" as const };
    expect((await download(staff, "/api/exports/redemptions")).status).toBe(403);
    const res = await download(staff, "/api/exports/analytics?table=trend&preset=today");
    expect(res.status).toBe(403);
    expect(await res.text()).toBe("Your role may not do this.");
    const stranger = await createUserWithPassword(db, {
      email: `stranger-${Date.now()}@test.example`,
      name: "Stranger",
      password: "correct-horse-9",
    });
    const none = await download({ ...stranger, locale: null }, "/api/exports/failures");
    expect(none.status).toBe(403);
  });

  it("acts on the membership read with the session, without reading it again", async () => {
    const manager = { ...a.people.manager, locale: "en" as const };
    const url = new URL("/api/exports/redemptions", "http://hexiao.test");
    const withMembership = (membership: Context["membership"]) =>
      exportsByName.redemptions!({ ...contextFor(db, manager), membership }, new Request(url));
    // The session's read said "no merchant" (removed a moment before): not read again.
    const none = await withMembership(null);
    expect(none.status).toBe(403);
    expect(await none.text()).toBe("Your account does not belong to any shop.");
    const asStaff = { merchantId: a.merchant.id, merchantName: "", role: "staff" as const };
    const staff = await withMembership({ ...asStaff, twoFactorRequired: false });
    expect(await staff.text()).toBe("Your role may not do this.");
    const asManager = { ...asStaff, role: "manager" as const, twoFactorRequired: false };
    expect((await withMembership(asManager)).status).toBe(200);
  });

  it("holds back a password someone else chose and a missing second factor, as the console does", async () => {
    const manager = { ...a.people.manager, locale: "en" as const };
    const url = new URL("/api/exports/redemptions", "http://hexiao.test");
    const asManager = { merchantId: a.merchant.id, merchantName: "", role: "manager" as const };
    const as = (user: SessionUser, twoFactorRequired: boolean) =>
      exportsByName.redemptions!(
        { ...contextFor(db, user), membership: { ...asManager, twoFactorRequired } },
        new Request(url),
      );
    const ownPasswordFirst = await as({ ...manager, mustChangePassword: true }, false);
    expect(ownPasswordFirst.status).toBe(403);
    expect(await ownPasswordFirst.text()).toMatch(/^Choose your own password first/);
    const secondFactorFirst = await as({ ...manager, twoFactorEnabled: false }, true);
    expect(secondFactorFirst.status).toBe(403);
    expect(await secondFactorFirst.text()).toMatch(/two-factor/);
    expect((await as({ ...manager, twoFactorEnabled: true }, true)).status).toBe(200);
  });

  it("answers 404 in the user's language for a store of another shop, never 500", async () => {
    const manager = { ...a.people.manager, locale: "zh-CN" as const };
    const theirs = other.store.id;
    for (const path of [
      `/api/exports/redemptions?storeId=${theirs}`,
      `/api/exports/failures?storeId=${theirs}`,
      `/api/exports/analytics?table=trend&preset=today&storeId=${theirs}`,
    ]) {
      const res = await download(manager, path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toBe("该门店不存在。");
    }
    const en = await download(
      manager,
      `/api/exports/analytics?table=beforeAfter&preset=30d&adoptedOn=2026-01-01&methodId=${other.sandbox.id}&locale=en`,
    );
    expect(en.status).toBe(404);
    expect(await en.text()).toBe("This payment method does not exist.");
  });

  it("answers 400 to a link it cannot read", async () => {
    const owner = { ...a.people.owner, locale: "en" as const };
    expect((await download(owner, "/api/exports/failures?format=pdf")).status).toBe(400);
    expect((await download(owner, "/api/exports/failures?reason=bogus")).status).toBe(400);
    const missing = await download(owner, "/api/exports/analytics?table=beforeAfter");
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe("This link is not valid. Go back to the page and try again.");
  });

  // A free-text filter with U+0000 passed its schema and failed the download's audit row
  // (json cannot hold it) as a 500.
  it("answers 400 to a filter holding a null character, never 500", async () => {
    const owner = { ...a.people.owner, locale: "en" as const };
    for (const path of ["/api/exports/audit?action=%00", "/api/exports/refunds?q=a%00"]) {
      const res = await download(owner, path);
      expect(res.status, path).toBe(400);
      expect(await res.text()).toBe("This link is not valid. Go back to the page and try again.");
    }
  });
});

describe(`the failures export (${engine})`, () => {
  it("has headers, codes and times in Chinese, amounts in yuan with the currency beside", async () => {
    const manager = { ...a.people.manager, locale: "zh-CN" as const };
    const res = await download(manager, "/api/exports/failures");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="payment-failures-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [header, ...rows] = await records(res);
    expect(header).toBe(
      "时间,类型,发生次数,原因,原因代码,支付机构返回码,支付机构返回信息,支付方式类型,支付方式,门店,店员,订单号,金额,币种,顾客联系方式,挽回时间,挽回金额",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+08:00,支付失败,1,余额不足,insufficient_funds,INSUFFICIENT_BALANCE,Balance is not enough for this payment,沙箱钱包,/,
    );
    expect(rows[0]).toContain(",25.00,CNY,buyer@example.com,,");
  });

  it("asks a manager to confirm it's them first (the file holds customers' contacts), not an analyst", async () => {
    const shop = await seedMerchant(db, "ExportGate", { signedIn: false });
    const unconfirmed = async (person: typeof shop.people.manager) => ({
      ...person,
      sessionId: await signedInSession(db, person.id),
    });
    const refused = await download(await unconfirmed(shop.people.manager), "/api/exports/failures");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-message-key")).toBe("stepUpRequired");
    const analyst = await download(await unconfirmed(shop.people.analyst), "/api/exports/failures");
    expect(analyst.status).toBe(200);
  });

  it("has English headers for an English user, and no customer contact for an analyst", async () => {
    const analyst = { ...a.people.analyst, locale: "en" as const };
    const [header, row] = await records(await download(analyst, "/api/exports/failures"));
    expect(header).toBe(
      "Time,Kind,Occurrences,Reason,Reason code,Provider code,Provider message,Method type,Payment method,Store,Staff,Order no.,Amount,Currency,Recovered at,Amount recovered",
    );
    expect(row).toContain(",Payment failed,1,insufficient funds,insufficient_funds,");
    expect(row).not.toContain("buyer@example.com");
  });

  it("streams every row of a log longer than a page, newest first, in yen without decimals", async () => {
    const owner = { ...bulk.people.owner, locale: "en" as const };
    const [, ...rows] = await records(await download(owner, "/api/exports/failures?kind=expired"));
    expect(rows).toHaveLength(1234);
    expect(rows[0]).toBe(
      `2026-03-01 14:05:09 +08:00,Request expired,1,request expired,expired,,,Cash,,${bulk.store.name},,,1200,JPY,,,`,
    );
    // 1,233 minutes earlier, the day before in Shanghai.
    expect(rows[1233]).toMatch(/^2026-02-28 17:32:09 \+08:00,.*,2433,JPY,/);
    expect(new Set(rows).size).toBe(1234);
  });

  it("writes the same columns to XLSX", async () => {
    const owner = { ...bulk.people.owner, locale: "zh-CN" as const };
    const res = await download(owner, "/api/exports/failures?format=xlsx");
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await res.arrayBuffer()) as unknown as Parameters<typeof workbook.xlsx.load>[0],
    );
    const sheet = workbook.worksheets[0]!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1).slice(0, 4)).toEqual(["时间", "类型", "发生次数", "原因"]);
    expect(sheet.rowCount).toBe(1235);
    expect(values(2).slice(0, 4)).toEqual([
      "2026-03-01 14:05:09 +08:00",
      "支付请求超时",
      1,
      "请求已过期",
    ]);
    expect(sheet.getRow(2).getCell(13).value).toBe(1200);
    expect(sheet.getRow(2).getCell(13).numFmt).toBe("0");
  });
});

describe(`the redemptions export (${engine})`, () => {
  it("has headers and states in Chinese and in English", async () => {
    const zh = await records(
      await download({ ...a.people.manager, locale: "zh-CN" }, "/api/exports/redemptions"),
    );
    expect(zh[0]).toBe(
      "核销时间,券码,订单号,门店,核销人,设备,面值,币种,剩余次数,总次数,状态,撤销时间,撤销人,撤销原因",
    );
    expect(zh).toHaveLength(2);
    expect(zh[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+08:00,/);
    expect(zh[1]).toContain(`,${formatCode(voucherCode)},`);
    expect(zh[1]).toContain(",12.50,CNY,0,1,已核销,,,");
    const en = await records(
      await download({ ...a.people.analyst, locale: null }, "/api/exports/redemptions?locale=en"),
    );
    expect(en[0]).toBe(
      "Redeemed at,Voucher code,Order no.,Store,Redeemed by,Device,Value,Currency,Uses left,Uses in total,State,Reversed at,Reversed by,Reason for reversal",
    );
    expect(en[1]).toContain(",12.50,CNY,0,1,Redeemed,,,");
  });

  it("keeps to the shop and the filters", async () => {
    const rows = await records(
      await download({ ...other.people.owner, locale: "en" }, "/api/exports/redemptions"),
    );
    expect(rows).toHaveLength(1);
    const reversed = await records(
      await download(
        { ...a.people.owner, locale: "en" },
        "/api/exports/redemptions?state=reversed",
      ),
    );
    expect(reversed).toHaveLength(1);
  });
});

describe(`the analytics export (${engine})`, () => {
  it("has headers in both languages, amounts in major units and the currency in its own column", async () => {
    const [zh] = await records(
      await download(
        { ...a.people.analyst, locale: "zh-CN" },
        "/api/exports/analytics?table=trend&preset=today",
      ),
    );
    expect(zh).toBe(
      "日期,发起支付请求的订单,已付订单,转化率 (%),交易额,手续费,退款金额,净收入,币种",
    );
    const [en, row] = await records(
      await download(
        { ...a.people.analyst, locale: "zh-CN" },
        "/api/exports/analytics?table=trend&preset=today&locale=en",
      ),
    );
    expect(en).toBe(
      "Day,Orders offered a payment request,Paid orders,Conversion (%),GMV,Fees,Refunded,Net revenue,Currency",
    );
    expect(row).toMatch(
      /^\d{4}-\d{2}-\d{2},\d+,\d+,[\d.]+,\d+\.\d{2},\d+\.\d{2},\d+\.\d{2},-?\d+\.\d{2},CNY$/,
    );
  });

  it("translates coded values: the before/after windows", async () => {
    const adopted = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const path = `/api/exports/analytics?table=beforeAfter&preset=30d&days=7&adoptedOn=${adopted}&methodId=${a.sandbox.id}`;
    const zh = await records(await download({ ...a.people.owner, locale: "zh-CN" }, path));
    expect(zh[0]).toMatch(/^时间窗,开始,结束,/);
    expect(zh.slice(1).map((r) => r.split(",")[0])).toEqual(["接入前", "接入后"]);
    const en = await records(await download({ ...a.people.owner, locale: "en" }, path));
    expect(en.slice(1).map((r) => r.split(",")[0])).toEqual(["Before", "After"]);
  });
});
