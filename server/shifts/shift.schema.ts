import { z } from "zod";
import { paidOutKinds } from "@/db/schema/enum-values";
import { positiveMinor } from "@/server/money/minor.schema";

/** Minor units counted in a drawer: zero is a count (an empty drawer), negative is not. */
const countedMinor = z.coerce
  .bigint({ message: "invalidAmount" })
  .min(0n, { message: "invalidAmount" })
  .max(10n ** 15n, { message: "invalidAmount" });

export const openShiftInput = z.object({
  storeId: z.uuid(),
  floatMinor: countedMinor,
});
export type OpenShiftInput = z.input<typeof openShiftInput>;

export const paidOutInput = z.object({
  shiftId: z.uuid(),
  kind: z.enum(paidOutKinds),
  amountMinor: positiveMinor,
  reason: z.string().trim().min(2, { message: "reasonRequired" }).max(200, { message: "tooLong" }),
});
export type PaidOutInput = z.input<typeof paidOutInput>;

export const closeShiftInput = z.object({
  shiftId: z.uuid(),
  countedMinor,
});
export type CloseShiftInput = z.input<typeof closeShiftInput>;

/** A manager or the owner closing a cashier's shift for them: the count, and why it is theirs to do. */
export const closeShiftForCashierInput = closeShiftInput.extend({
  reason: z.string().trim().min(2, { message: "reasonRequired" }).max(200, { message: "tooLong" }),
});
export type CloseShiftForCashierInput = z.input<typeof closeShiftForCashierInput>;

export const confirmShiftInput = z.object({
  shiftId: z.uuid(),
  note: z.string().trim().max(500, { message: "tooLong" }).optional(),
});
export type ConfirmShiftInput = z.input<typeof confirmShiftInput>;

export const shiftIdInput = z.object({ shiftId: z.uuid() });

export const currentShiftInput = z.object({ storeId: z.uuid() });

export const listShiftsInput = z.object({
  status: z.enum(["open", "closed", "confirmed"]).optional(),
  storeId: z.uuid().optional(),
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListShiftsInput = z.input<typeof listShiftsInput>;
