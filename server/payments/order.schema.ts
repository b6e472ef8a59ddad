import { z } from "zod";
import {
  attemptStatuses,
  locales,
  orderChannels,
  orderStatuses,
  paymentMethodKinds,
} from "@/db/schema/enum-values";
import { currencySchema } from "@/server/merchants/merchant.schema";
import { maxAmountMinor, nonNegativeMinor, positiveMinor } from "@/server/money/minor.schema";
import { voucherTermsInput } from "@/server/vouchers/voucher.schema";
import { localDateSchema } from "@/server/time/local-date.schema";
import { nameSchema } from "@/server/text/name.schema";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: "tooLong" })
    .optional()
    .transform((v) => (v ? v : undefined));

/** What the items of an order add up to, in minor units. */
export function itemsTotal(items: readonly { quantity: number; unitPriceMinor: bigint }[]): bigint {
  return items.reduce((sum, i) => sum + i.unitPriceMinor * BigInt(i.quantity), 0n);
}

export const orderItemInput = z.object({
  name: nameSchema(100),
  quantity: z
    .number()
    .int()
    .min(1, { message: "quantityRange" })
    .max(999, { message: "quantityRange" }),
  unitPriceMinor: positiveMinor,
});

export const createOrderInput = z
  .object({
    storeId: z.uuid({ message: "required" }),
    channel: z.enum(orderChannels).default("in_store"),
    currency: currencySchema,
    /** Either line items, or a free amount (a cashier typing what the customer owes). */
    items: z.array(orderItemInput).max(100, { message: "tooManyItems" }).default([]),
    amountMinor: positiveMinor.optional(),
    customerContact: optionalText(200),
    /** The customer's language, when the cashier knows it: their e-mails go out in it. */
    customerLocale: z.enum(locales).optional(),
    note: optionalText(500),
    /** The voucher the order gets when paid; the merchant's defaults when absent. */
    voucher: voucherTermsInput.optional(),
  })
  .refine((o) => o.items.length > 0 !== (o.amountMinor !== undefined), {
    message: "itemsOrAmount",
    path: ["amountMinor"],
  })
  // Lines within bounds may add up beyond them (and beyond the bigint column).
  .refine((o) => itemsTotal(o.items) <= maxAmountMinor, {
    message: "orderTotalTooLarge",
    path: ["items"],
  });
export type CreateOrderInput = z.infer<typeof createOrderInput>;

export const orderSorts = ["newest", "oldest", "amount_desc", "amount_asc"] as const;

export const listOrdersInput = z.object({
  status: z.array(z.enum(orderStatuses)).max(orderStatuses.length).optional(),
  methodKind: z.enum(paymentMethodKinds).optional(),
  storeId: z.uuid().optional(),
  /** Inclusive local dates in the merchant's time zone. */
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
  /** The currency of the amount range (default: the merchant's default currency). */
  currency: currencySchema.optional(),
  minAmountMinor: nonNegativeMinor.optional(),
  maxAmountMinor: nonNegativeMinor.optional(),
  /** An order number (or its start) or a provider transaction id. */
  q: z.string().trim().max(100).optional(),
  sort: z.enum(orderSorts).default("newest"),
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListOrdersInput = z.input<typeof listOrdersInput>;

export const orderIdInput = z.object({ orderId: z.uuid() });

/** Hours a pending order must have waited before "close all older than N" takes it. */
export const staleHours = z
  .number()
  .int()
  .min(1)
  .max(24 * 30);

/** Bulk close: the orders ticked in the list, or every pending order older than N hours. */
export const closeStaleOrdersInput = z.union([
  z.object({ orderIds: z.array(z.uuid()).min(1).max(100) }),
  z.object({ olderThanHours: staleHours }),
]);
export type CloseStaleOrdersInput = z.infer<typeof closeStaleOrdersInput>;
export const countStaleOrdersInput = z.object({ olderThanHours: staleHours });

/** A part of a mixed tender (组合支付): by default everything still due on the order. */
const partMinor = positiveMinor.optional();
export const createAttemptInput = z.object({
  orderId: z.uuid(),
  methodId: z.uuid(),
  amountMinor: partMinor,
});
export const payCashInput = z.object({
  orderId: z.uuid(),
  methodId: z.uuid(),
  amountMinor: partMinor,
  tenderedMinor: positiveMinor,
});
export const attemptIdInput = z.object({ attemptId: z.uuid() });
export const payTokenInput = z.object({ token: z.string().min(10).max(64) });
export const payLocaleInput = payTokenInput.extend({ locale: z.enum(locales) });
export const retryInput = z.object({ token: z.string().min(10).max(64), methodId: z.uuid() });

export { attemptStatuses };
