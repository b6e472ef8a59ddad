import { z } from "zod";
import { periodPresets } from "./period.logic";
import { localDateSchema } from "@/server/time/local-date.schema";

/** The filters every analytics view shares; the currency defaults to the merchant's own. */
export const analyticsFilters = z
  .object({
    preset: z.enum(periodPresets).default("30d"),
    from: localDateSchema.optional(),
    to: localDateSchema.optional(),
    storeId: z.uuid().nullish(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .nullish(),
  })
  .refine((f) => f.preset !== "custom" || (f.from && f.to && f.from <= f.to), {
    message: "A custom period needs a start and an end, the start first",
    path: ["from"],
  });
export type AnalyticsFilters = z.input<typeof analyticsFilters>;

export const beforeAfterInput = z.object({
  methodId: z.uuid(),
  adoptedOn: localDateSchema,
  days: z.number().int().min(7).max(180).default(30),
  storeId: z.uuid().nullish(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullish(),
});

/**
 * A fee rate typed by the user: whole basis points (0.38 % = 38 bp), as every fee rule in the
 * product is; the form refuses a rate finer than 0.01 % rather than round it silently.
 */
export const typedFeeRule = z.object({
  rateBps: z.number().int().min(0).max(10_000),
  fixedMinor: z.number().int().min(0).max(1_000_000_000),
});

export const whatIfInput = z
  .object({
    filters: analyticsFilters,
    /** Re-price these payments (all methods when null)… */
    sourceMethodId: z.uuid().nullish(),
    /** …under this method's fee rule… */
    targetMethodId: z.uuid().nullish(),
    /** …or under a rate the user typed. */
    typedRule: typedFeeRule.nullish(),
  })
  .refine((i) => Boolean(i.targetMethodId) !== Boolean(i.typedRule), {
    message: "Choose a method or type a rate, one of the two",
    path: ["targetMethodId"],
  });
export type WhatIfInput = z.input<typeof whatIfInput>;

export const scorecardCriteria = [
  "fit",
  "acceptance",
  "fees",
  "security",
  "support",
  "refunds",
] as const;
export const saveScorecardInput = z.object({
  weights: z.partialRecord(z.enum(scorecardCriteria), z.number().int().min(0).max(10)),
  /** Method id → the merchant's ratings (1–5) of its support and its functional fit. */
  ratings: z.record(
    z.uuid(),
    z.object({
      support: z.number().int().min(1).max(5).optional(),
      fit: z.number().int().min(1).max(5).optional(),
    }),
  ),
});
export type SaveScorecardInput = z.infer<typeof saveScorecardInput>;
