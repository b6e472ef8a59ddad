import { z } from "zod";
import { alertStatuses } from "@/db/schema/enum-values";
import { localDateSchema } from "@/server/time/local-date.schema";

/** The console's filters; dates are inclusive local dates in the shop's time zone. */
export const listAlertsInput = z.object({
  status: z.enum(alertStatuses).optional(),
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .optional(),
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
  /** The last row of the previous page: newest first, keyset on (created_at, id). */
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListAlertsInput = z.input<typeof listAlertsInput>;

export const alertIdInput = z.object({ alertId: z.uuid() });

export const resolveAlertInput = alertIdInput.extend({
  /** What was found or done: required, so the next person reads why it was closed. */
  note: z.string().trim().min(1).max(1000),
});

export const alertEmailSettingInput = z.object({ enabled: z.boolean() });
