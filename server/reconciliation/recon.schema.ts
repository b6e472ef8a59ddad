import { z } from "zod";
import {
  reconDifferenceKinds,
  reconDifferenceStatuses,
  reconResolutions,
} from "@/db/schema/enum-values";
import { localDateSchema, localMonthSchema } from "@/server/time/local-date.schema";

/** The differences queue's filters (the screen and its export); days are inclusive local days. */
export const differenceFilters = z.object({
  status: z.enum(reconDifferenceStatuses).optional(),
  kind: z.enum(reconDifferenceKinds).optional(),
  methodId: z.uuid().optional(),
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
});
export type DifferenceFilters = z.infer<typeof differenceFilters>;

export const listDifferencesInput = differenceFilters.extend({
  /** The last row of the previous page: newest day first, keyset on (day, id). */
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type ListDifferencesInput = z.input<typeof listDifferencesInput>;

export const resolveDifferenceInput = z.object({
  differenceId: z.uuid(),
  action: z.enum(reconResolutions),
  /** Required for every action but applied_by_query (the provider's answer speaks for it). */
  note: z.string().trim().max(1000, { message: "tooLong" }).optional(),
});
export type ResolveDifferenceInput = z.infer<typeof resolveDifferenceInput>;

/** One method's local day. */
export const methodDayInput = z.object({ methodId: z.uuid(), day: localDateSchema });
export type MethodDayInput = z.infer<typeof methodDayInput>;

export const listDaysInput = z.object({
  methodId: z.uuid().optional(),
  month: localMonthSchema,
});
export type ListDaysInput = z.infer<typeof listDaysInput>;
