import { z } from "zod";
import { parseDayHours } from "./opening-hours.logic";
import { nameSchema } from "@/server/text/name.schema";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: "tooLong" })
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

/** Seven lines, Monday first; all empty means "not given" (nothing printed). */
const weekHours = z
  .array(z.string().max(200, { message: "tooLong" }))
  .length(7, { message: "invalidOpeningHours" })
  .transform((days, ctx) => {
    const parsed = days.map(parseDayHours);
    if (parsed.some((d) => d === null)) {
      ctx.addIssue({ code: "custom", message: "invalidOpeningHours" });
      return z.NEVER;
    }
    const week = parsed as string[][];
    return week.every((d) => d.length === 0) ? null : week;
  })
  .nullable()
  .optional();

export const storeFields = z.object({
  name: nameSchema(100),
  address: optionalText(300),
  openingHours: weekHours,
  receiptHeader: optionalText(500),
});

export const createStoreInput = storeFields;
export type CreateStoreInput = z.infer<typeof createStoreInput>;

export const updateStoreInput = storeFields.extend({ storeId: z.uuid() });
export type UpdateStoreInput = z.infer<typeof updateStoreInput>;

export const storeIdInput = z.object({ storeId: z.uuid() });
