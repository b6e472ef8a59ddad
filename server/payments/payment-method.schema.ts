import { z } from "zod";
import { paymentMethodKinds, paymentModes, refundFeeRules } from "@/db/schema/enum-values";
import { currencySchema } from "@/server/merchants/merchant.schema";
import { statementQuirks } from "@/server/connectors/sandbox/sandbox-wallet.schema";
import { nameSchema } from "@/server/text/name.schema";

const minor = z.coerce
  .bigint({ message: "invalidAmount" })
  .min(0n, { message: "invalidAmount" })
  .max(10n ** 15n, { message: "invalidAmount" });

function minNotAboveMax(r: { minMinor: bigint | null; maxMinor: bigint | null }) {
  return r.minMinor === null || r.maxMinor === null || r.minMinor <= r.maxMinor;
}

/** A method's fee amounts in one of its currencies, in that currency's minor units. */
export const feeAmountsInput = z
  .object({ fixedMinor: minor, minMinor: minor.nullable(), maxMinor: minor.nullable() })
  .refine(minNotAboveMax, { message: "feeMinAboveMax", path: ["maxMinor"] });

const feeRule = {
  feeRateBps: z
    .number()
    .int()
    .min(0, { message: "invalidFeeRate" })
    .max(10_000, { message: "invalidFeeRate" }),
  /**
   * The fee amounts per currency the method takes (a currency left out: the rate alone). Left
   * out entirely, a new method has none and an update keeps what the method had for the
   * currencies it still takes.
   */
  feeAmounts: z.record(currencySchema, feeAmountsInput).optional(),
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

/** Amounts are set only for a currency the method takes. */
function amountsOfTakenCurrencies(
  r: { currencies: string[]; feeAmounts?: Record<string, unknown> | undefined },
  ctx: z.RefinementCtx,
) {
  for (const currency of Object.keys(r.feeAmounts ?? {})) {
    if (!r.currencies.includes(currency))
      ctx.addIssue({
        code: "custom",
        message: "feeCurrencyNotTaken",
        path: ["feeAmounts", currency],
      });
  }
}

export const createPaymentMethodInput = z
  .object({ kind: z.enum(paymentMethodKinds), ...methodFields })
  .superRefine(amountsOfTakenCurrencies);
export type CreatePaymentMethodInput = z.infer<typeof createPaymentMethodInput>;

export const updatePaymentMethodInput = z
  .object({ id: z.uuid(), ...methodFields })
  .superRefine(amountsOfTakenCurrencies);
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
