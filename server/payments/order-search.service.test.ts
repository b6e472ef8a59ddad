import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { paidVoucher } from "@/test/vouchers";
import { formatCode } from "@/server/vouchers/voucher-code.logic";
import { createOrderInput } from "./order.schema";
import { createOrder, listOrders } from "./order.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
let other: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "Search");
  other = await seedPayments(db, "Other search");
});

function orderWith(s: PaymentsSeed, names: string[]) {
  return createOrder(
    db,
    s.staff,
    s.merchant.id,
    createOrderInput.parse({
      storeId: s.store.id,
      currency: "CNY",
      items: names.map((name) => ({ name, quantity: 1, unitPriceMinor: 1500n })),
    }),
  );
}

async function found(s: PaymentsSeed, q: string) {
  const page = await listOrders(db, s.merchant.id, { q, limit: 100 });
  return page.rows.map((r) => r.id);
}

describe(`order search (${engine})`, () => {
  it("finds an order by a fragment of an item name, in any case and in Chinese", async () => {
    const latte = await orderWith(seed, ["燕麦拿铁 Oat Latte", "Butter croissant"]);
    const tea = await orderWith(seed, ["Jasmine tea 茉莉花茶"]);
    const elsewhere = await orderWith(other, ["燕麦拿铁 Oat Latte"]);

    expect(await found(seed, "oat lat")).toEqual([latte.id]);
    expect(await found(seed, "CROISSANT")).toEqual([latte.id]);
    expect(await found(seed, "拿铁")).toEqual([latte.id]);
    expect(await found(seed, "茉莉花")).toEqual([tea.id]);
    // Another shop's orders never show up.
    expect(await found(other, "拿铁")).toEqual([elsewhere.id]);
    expect(await found(seed, "espresso")).toEqual([]);
  });

  it("finds an order by its voucher code, typed with or without dashes, in lower case", async () => {
    const { order, voucher } = await paidVoucher(db, seed);
    expect(await found(seed, voucher.code)).toEqual([order.id]);
    expect(await found(seed, formatCode(voucher.code).toLowerCase())).toEqual([order.id]);
    expect(await found(seed, ` ${voucher.code.slice(0, 6)} ${voucher.code.slice(6)} `)).toEqual([
      order.id,
    ]);
    // The code belongs to this shop only.
    expect(await found(other, voucher.code)).toEqual([]);
  });

  it("finds an order by a fragment of its number alongside item matches", async () => {
    const order = await orderWith(seed, ["Flat white"]);
    const sequence = order.number.slice(-4);
    expect(await found(seed, order.number.slice(2, 10))).toContain(order.id);
    expect(await found(seed, sequence)).toContain(order.id);
  });
});
