import { z } from "zod";
import { failureKinds, paymentMethodKinds } from "@/db/schema/enum-values";
import { failureReasons } from "@/server/payments/failure-reasons.logic";
import { localDateSchema } from "@/server/time/local-date.schema";

/** The failure log's filters; dates are inclusive local dates in the merchant's time zone. */
export const failureFilters = z.object({
  reason: z.enum(failureReasons).optional(),
  kind: z.enum(failureKinds).optional(),
  methodKind: z.enum(paymentMethodKinds).optional(),
  storeId: z.uuid().optional(),
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
  recovered: z.enum(["yes", "no"]).optional(),
});
export type FailureFilters = z.infer<typeof failureFilters>;

export const listFailuresInput = failureFilters.extend({
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListFailuresInput = z.input<typeof listFailuresInput>;

export const failureIdInput = z.object({ failureId: z.uuid() });
