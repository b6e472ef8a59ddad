import { eq } from "drizzle-orm";
import { vouchers } from "@/db/schema";
import type { Db } from "@/db/types";
import { newOrder, type PaymentsSeed } from "./payments";
import { payCash } from "@/server/payments/cash.service";
import { saveOrderVoucherTerms } from "@/server/vouchers/voucher-issue.service";
import type { VoucherTermsInput } from "@/server/vouchers/voucher.schema";

/** An order paid in cash by the seed's staff, and the voucher it got (with `terms` if given). */
export async function paidVoucher(
  db: Db,
  seed: PaymentsSeed,
  terms?: VoucherTermsInput,
  amountMinor = 1000n,
) {
  const order = await newOrder(db, seed, amountMinor);
  if (terms) await db.transaction((tx) => saveOrderVoucherTerms(tx, order.id, terms));
  await payCash(db, seed.staff, seed.merchant.id, {
    orderId: order.id,
    methodId: seed.cash.id,
    tenderedMinor: amountMinor,
  });
  const [voucher] = await db.select().from(vouchers).where(eq(vouchers.orderId, order.id));
  return { order, voucher: voucher! };
}
