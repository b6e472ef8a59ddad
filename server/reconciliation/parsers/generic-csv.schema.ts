import { z } from "zod";
import { currencySchema, timeZoneSchema } from "@/server/merchants/merchant.schema";
import type { GenericCsvMapping } from "./types";

const columnName = z
  .string()
  .trim()
  .min(1, { message: "required" })
  .max(200, { message: "tooLong" });

/** A merchant's column mapping for a generic CSV statement (saved per method). */
export const genericCsvMapping = z.object({
  columns: z.object({
    providerTxnId: columnName,
    occurredAt: columnName,
    amount: columnName,
    fee: columnName.optional(),
    type: columnName.optional(),
    merchantRef: columnName.optional(),
    currency: columnName.optional(),
  }),
  refundTypes: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  currency: currencySchema,
  timeZone: timeZoneSchema,
  decimal: z.enum([".", ","]),
}) satisfies z.ZodType<GenericCsvMapping, unknown>;
