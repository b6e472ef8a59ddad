import { z } from "zod";
import { paymentMethodKinds, refundReasons, refundStatuses } from "@/db/schema/enum-values";

import { positiveMinor } from "@/server/money/minor.schema";
import { localDateSchema } from "@/server/time/local-date.schema";

export const requestRefundInput = z.object({
  orderId: z.uuid(),
  /** The payment to refund; by default the one that paid the order. */
  attemptId: z.uuid().optional(),
  amountMinor: positiveMinor,
  reason: z.enum(refundReasons),
  reasonText: z.string().trim().max(500, { message: "tooLong" }).optional(),
  /** A manager confirms refunding an order whose voucher was already redeemed. */
  confirmRedeemedVoucher: z.boolean().optional(),
});
export type RequestRefundInput = z.infer<typeof requestRefundInput>;

export const refundIdInput = z.object({ refundId: z.uuid() });

export const approveRefundInput = refundIdInput.extend({
  confirmRedeemedVoucher: z.boolean().optional(),
});
export type ApproveRefundInput = z.infer<typeof approveRefundInput>;

export const refuseRefundInput = refundIdInput.extend({
  reason: z.string().trim().min(2, { message: "reasonRequired" }).max(500, { message: "tooLong" }),
});
export type RefuseRefundInput = z.infer<typeof refuseRefundInput>;

/** The refunds list's filters (the screen and its export); dates are inclusive local dates in the merchant's time zone. */
export const refundFilters = z.object({
  status: z.enum(refundStatuses).optional(),
  methodKind: z.enum(paymentMethodKinds).optional(),
  storeId: z.uuid().optional(),
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
  /** A fragment of the order number. */
  q: z.string().trim().max(100).optional(),
});
export type RefundFilters = z.infer<typeof refundFilters>;

export const listRefundsInput = refundFilters.extend({
  orderId: z.uuid().optional(),
  /** The last row of the previous page: newest first, keyset on (created_at, id). */
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type ListRefundsInput = z.input<typeof listRefundsInput>;
