import { z } from "zod";
import { majorAmount, typedNumber } from "@/app/_lib/form-schema";
import { createOrderInput, orderItemInput } from "@/server/payments/order.schema";
import { voucherTermsInput } from "@/server/vouchers/voucher.schema";

const order = createOrderInput.shape;
const item = orderItemInput.shape;
const terms = voucherTermsInput.shape;

/** An item line as typed: the quantity and price read from text, then the server's own rules. */
function orderLine(currency: string) {
  return orderItemInput.extend({
    quantity: typedNumber(item.quantity),
    unitPriceMinor: majorAmount(currency, item.unitPriceMinor),
  });
}

/** A line's total for the running sum, or null while its quantity or price does not read. */
export function lineTotal(
  line: { quantity?: unknown; unitPriceMinor?: unknown },
  currency: string,
): bigint | null {
  const { quantity, unitPriceMinor } = orderLine(currency).shape;
  const qty = quantity.safeParse(line.quantity);
  const price = unitPriceMinor.safeParse(line.unitPriceMinor);
  return qty.success && price.success ? price.data * BigInt(qty.data) : null;
}

/** The amount-only total as typed, or null while it does not read. */
export function typedAmount(text: unknown, currency: string): bigint | null {
  const amount = majorAmount(currency, order.amountMinor.unwrap()).safeParse(text);
  return amount.success ? amount.data : null;
}

/**
 * The new-order form in `currency`: line items or an amount only, prices typed in major
 * units, checked field by field with the shapes of `createOrderInput` and, once read, by
 * `createOrderInput` itself — the very schema `orders.create` takes.
 */
export function orderForm(currency: string) {
  const common = {
    storeId: order.storeId,
    channel: order.channel,
    currency: order.currency,
    customerContact: order.customerContact,
    // The select's "not known" is an empty string: no language then.
    customerLocale: z.preprocess((v) => (v === "" ? undefined : v), order.customerLocale),
    note: order.note,
    // Absent while the voucher card has not loaded: the merchant's defaults then apply.
    voucher: z
      .object({
        uses: terms.uses,
        validDays: z
          .string()
          .trim()
          .transform((days): unknown => (days === "" ? null : days))
          .pipe(terms.validDays),
        storeOnly: terms.storeOnly,
      })
      .optional(),
  };
  return z
    .discriminatedUnion("mode", [
      z.object({
        ...common,
        mode: z.literal("items"),
        items: z.array(orderLine(currency)),
      }),
      z.object({
        ...common,
        mode: z.literal("amount"),
        amountMinor: majorAmount(currency, order.amountMinor.unwrap()),
      }),
    ])
    .transform(({ mode: _mode, ...input }): z.input<typeof createOrderInput> => input)
    .pipe(createOrderInput);
}

export type OrderFormValues = z.input<ReturnType<typeof orderForm>>;
