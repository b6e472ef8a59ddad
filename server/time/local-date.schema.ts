import { z } from "zod";

/**
 * A local calendar date "YYYY-MM-DD" that exists: zod's ISO date checks month lengths and leap
 * years, so `2026-02-31` is a validation error with a message, not a 500 from the database.
 */
export const localDateSchema = z.iso.date({ message: "invalidDate" });

/** A calendar month "YYYY-MM" (01 to 12). */
export const localMonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "invalidMonth" });
