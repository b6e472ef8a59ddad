import { z } from "zod";
import { DomainError } from "@/server/errors";
import { parseMajorToMinor } from "@/server/money/currency";

/**
 * Pieces that turn what a form's inputs hold (text) into what the server's own schemas take,
 * so a form is checked by the very schema its procedure uses as input.
 */

function readMajor(currency: string) {
  // `unknown`: the server's money schemas coerce, so they take any input.
  return (text: string, ctx: z.RefinementCtx<string>): unknown => {
    try {
      return parseMajorToMinor(text, currency);
    } catch (err) {
      // invalidAmount, or invalidCurrency when the form's currency is not one.
      ctx.addIssue({
        code: "custom",
        message: err instanceof DomainError ? err.messageKey : "invalidAmount",
      });
      return z.NEVER;
    }
  };
}

/** An amount typed in major units ("12.50", "¥12.5"), read exactly, then checked by `minor`. */
export function majorAmount<T extends z.ZodType>(currency: string, minor: T) {
  return z
    .string()
    .trim()
    .min(1, { message: "required" })
    .transform(readMajor(currency))
    .pipe(minor);
}

/** Like `majorAmount`, but a blank field is null ("no minimum"). */
export function optionalMajorAmount<T extends z.ZodType>(currency: string, minor: T) {
  const read = readMajor(currency);
  return z
    .string()
    .trim()
    .transform((text, ctx): unknown => (text === "" ? null : read(text, ctx)))
    .pipe(minor);
}

/** A number typed in a text or number input ("" is 0, so a range rule says what is wrong). */
export function typedNumber<T extends z.ZodType<unknown, number>>(schema: T) {
  return z.coerce.number().pipe(schema);
}
