import { z } from "zod";
import { promotionBenefits } from "@/db/schema/enum-values";
import { currencySchema } from "@/server/merchants/merchant.schema";
import { positiveMinor } from "@/server/money/minor.schema";
import { localDateSchema } from "@/server/time/local-date.schema";
import { nameSchema, optionalNameSchema } from "@/server/text/name.schema";

const optionalMinor = positiveMinor.nullable().default(null);

export const createPromotionInput = z
  .object({
    name: nameSchema(100),
    currency: currencySchema,
    anyWallet: z.boolean().default(false),
    methodIds: z.array(z.uuid()).max(50).default([]),
    storeIds: z.array(z.uuid()).max(200).default([]),
    startsOn: localDateSchema,
    endsOn: localDateSchema,
    hourFrom: z.number().int().min(0).max(23).default(0),
    hourTo: z.number().int().min(1).max(24).default(24),
    minOrderMinor: z.coerce
      .bigint()
      .min(0n)
      .max(10n ** 15n)
      .default(0n),
    benefit: z.enum(promotionBenefits),
    amountOffMinor: optionalMinor,
    percentOffBps: z.number().int().min(1).max(10_000).nullable().default(null),
    capMinor: optionalMinor,
    itemName: optionalNameSchema(100).nullable().default(null),
    itemPriceMinor: z.coerce
      .bigint()
      .min(0n)
      .max(10n ** 15n)
      .nullable()
      .default(null),
    providerShareBps: z.number().int().min(0).max(10_000).default(0),
    budgetMinor: positiveMinor,
    perCustomerLimit: z.number().int().min(1).max(1000).nullable().default(null),
    stackable: z.boolean().default(false),
  })
  .refine((p) => p.anyWallet || p.methodIds.length > 0, {
    message: "promotionNeedsMethod",
    path: ["methodIds"],
  })
  .refine((p) => p.endsOn >= p.startsOn, { message: "endBeforeStart", path: ["endsOn"] })
  .refine((p) => p.hourTo > p.hourFrom, { message: "hoursOrder", path: ["hourTo"] })
  .refine(
    (p) =>
      (p.benefit === "amount_off" && p.amountOffMinor !== null) ||
      (p.benefit === "percent_off" && p.percentOffBps !== null) ||
      (p.benefit === "item_price" && !!p.itemName && p.itemPriceMinor !== null),
    { message: "benefitIncomplete", path: ["benefit"] },
  );
export type CreatePromotionInput = z.input<typeof createPromotionInput>;

export const promotionIdInput = z.object({ promotionId: z.uuid() });

export const setPromotionEnabledInput = z.object({
  promotionId: z.uuid(),
  enabled: z.boolean(),
});

/** A page of the promotions list: latest start first, keyset on (starts on, id). */
export const listPromotionsInput = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListPromotionsInput = z.input<typeof listPromotionsInput>;
