import { z } from "zod";
import { rawRetentionDays } from "./housekeeping.logic";

export const updateRetentionInput = z.object({
  days: z.coerce
    .number({ message: "invalidRetention" })
    .int({ message: "invalidRetention" })
    .min(rawRetentionDays.min, { message: "invalidRetention" })
    .max(rawRetentionDays.max, { message: "invalidRetention" }),
});
export type UpdateRetentionInput = z.infer<typeof updateRetentionInput>;
