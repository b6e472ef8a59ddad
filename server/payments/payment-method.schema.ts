import { z } from "zod";
import { paymentMethodKinds, paymentModes, refundFeeRules } from "@/db/schema/enum-values";
import { currencySchema } from "@/server/merchants/merchant.schema";
import { statementQuirks } from "@/server/connectors/sandbox/sandbox-wallet.schema";
import { nameSchema } from "@/server/text/name.schema";

const minor = z.coerce
  .bigint({ message: "invalidAmount" })
  .min(0n, { message: "invalidAmount" })
  .max(10n ** 15n, { message: "invalidAmount" });

const feeRule = {
  feeRateBps: z
    .number()
    .int()
    .min(0, { message: "invalidFeeRate" })
    .max(10_000, { message: "invalidFeeRate" }),
  feeFixedMinor: minor,
  feeMinMinor: minor.nullable(),
  feeMaxMinor: minor.nullable(),
};

const methodFields = {
  label: nameSchema(60),
  enabled: z.boolean(),
  mode: z.enum(paymentModes),
  currencies: z.array(currencySchema).min(1, { message: "required" }).max(20),
  settlementDelayDays: z
    .number()
    .int()
    .min(0, { message: "settlementDelayRange" })
    .max(90, { message: "settlementDelayRange" }),
  requestTtlSeconds: z
    .number()
    .int()
    .min(60, { message: "ttlRange" })
    .max(24 * 3600, { message: "ttlRange" }),
  ...feeRule,
  // Optional: left out, a new method takes the database's default (365 days, proportional)
  // and an update keeps what the method had.
  refundWindowDays: z
    .number()
    .int()
    .min(1, { message: "refundWindowRange" })
    .max(3650, { message: "refundWindowRange" })
    .optional(),
  refundFeeRule: z.enum(refundFeeRules).optional(),
};

function minNotAboveMax(r: { feeMinMinor: bigint | null; feeMaxMinor: bigint | null }) {
  return r.feeMinMinor === null || r.feeMaxMinor === null || r.feeMinMinor <= r.feeMaxMinor;
}
const minMaxIssue = { message: "feeMinAboveMax", path: ["feeMaxMinor"] };

export const createPaymentMethodInput = z
  .object({ kind: z.enum(paymentMethodKinds), ...methodFields })
  .refine(minNotAboveMax, minMaxIssue);
export type CreatePaymentMethodInput = z.infer<typeof createPaymentMethodInput>;

export const updatePaymentMethodInput = z
  .object({ id: z.uuid(), ...methodFields })
  .refine(minNotAboveMax, minMaxIssue);
export type UpdatePaymentMethodInput = z.infer<typeof updatePaymentMethodInput>;

/**
 * Sandbox behaviour: extra deliveries that real providers also produce now and then, and the
 * differences its daily statement carries (left out: the statement keeps the ones it had).
 */
export const sandboxBehaviourInput = z.object({
  id: z.uuid(),
  duplicateDeliveries: z.boolean(),
  outOfOrderDeliveries: z.boolean(),
  statementQuirks: statementQuirks.optional(),
});
export type SandboxBehaviour = Omit<z.infer<typeof sandboxBehaviourInput>, "id">;
