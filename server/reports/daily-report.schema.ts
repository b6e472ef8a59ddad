import { z } from "zod";
import { localDateSchema } from "@/server/time/local-date.schema";

/** A day's report: a local day in the shop's zone, one store or (none) all of them. */
export const dailyReportInput = z.object({
  day: localDateSchema,
  storeId: z.uuid().nullish(),
});
export type DailyReportInput = z.infer<typeof dailyReportInput>;

/** The owner's e-mail of the day's report: on or off, and from which local hour. */
export const dailyReportEmailInput = z.object({
  enabled: z.boolean(),
  hour: z.number().int().min(0).max(23),
});
export type DailyReportEmailInput = z.infer<typeof dailyReportEmailInput>;
