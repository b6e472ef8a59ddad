import { z } from "zod";
import { localDateSchema } from "@/server/time/local-date.schema";

/** What the cashier typed or scanned: normalised and checked by the service (parseCode). */
const codeInput = z
  .string()
  .trim()
  .min(1, { message: "required" })
  .max(200, { message: "tooLong" });
/** The redeem screen's random device id (kept in the browser). */
const counterDevice = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const deviceId = counterDevice.optional();

export const redeemInput = z.object({ code: codeInput, storeId: z.uuid(), deviceId });
export type RedeemInput = z.infer<typeof redeemInput>;

/** A manager lifts a code-guessing block: a person's, or a counter device's. */
export const liftCodeBlockInput = z.discriminatedUnion("by", [
  z.object({ by: z.literal("user"), userId: z.uuid() }),
  z.object({ by: z.literal("device"), deviceId: counterDevice }),
]);
export type LiftCodeBlockInput = z.infer<typeof liftCodeBlockInput>;

export const reverseRedemptionInput = z.object({
  redemptionId: z.uuid(),
  reason: z.string().trim().min(2, { message: "reasonRequired" }).max(300, { message: "tooLong" }),
});
export type ReverseRedemptionInput = z.infer<typeof reverseRedemptionInput>;

export const voidVoucherInput = z.object({
  voucherId: z.uuid(),
  reason: z.string().trim().min(2, { message: "reasonRequired" }).max(300, { message: "tooLong" }),
});
export type VoidVoucherInput = z.infer<typeof voidVoucherInput>;

/** Uses, validity and store scope of a voucher; the same bounds for defaults and per order. */
export const voucherUses = z.coerce
  .number()
  .int()
  .min(1, { message: "usesRange" })
  .max(100, { message: "usesRange" });
export const voucherValidDays = z.coerce
  .number()
  .int()
  .min(1, { message: "validDaysRange" })
  .max(3650, { message: "validDaysRange" })
  .nullable();

export const voucherTermsInput = z.object({
  uses: voucherUses,
  validDays: voucherValidDays,
  storeOnly: z.boolean(),
});
export type VoucherTermsInput = z.infer<typeof voucherTermsInput>;

export const voucherSettingsInput = z.object({
  defaultUses: voucherUses,
  validDays: voucherValidDays,
  storeOnly: z.boolean(),
  reversalWindowMinutes: z.coerce
    .number()
    .int()
    .min(0, { message: "windowRange" })
    .max(1440, { message: "windowRange" }),
});
export type VoucherSettingsInput = z.infer<typeof voucherSettingsInput>;

export const redemptionStates = ["active", "reversed"] as const;

export const listRedemptionsInput = z.object({
  storeId: z.uuid().optional(),
  staffUserId: z.uuid().optional(),
  /** Inclusive local dates in the merchant's time zone. */
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
  state: z.enum(redemptionStates).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListRedemptionsInput = z.input<typeof listRedemptionsInput>;

export const receiptCodeInput = z.object({ code: z.string().min(1).max(40) });
