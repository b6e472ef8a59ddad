import { z } from "zod";
import { locales } from "@/db/schema/enum-values";
import { localDateSchema } from "@/server/time/local-date.schema";

/** The longest comment kept: a few sentences, not an essay (nor a pasted dump). */
export const commentMaxLength = 500;

/** The receipt's question: a score of 1–5 and an optional comment, by the receipt's code. */
export const submitFeedbackInput = z.object({
  code: z.string().min(1).max(40),
  score: z.number().int().min(1).max(5),
  comment: z
    .string()
    .trim()
    .max(commentMaxLength, { message: "tooLong" })
    .optional()
    .transform((c) => (c ? c : undefined)),
  /** The language the customer read the receipt in. */
  locale: z.enum(locales).optional(),
});
export type SubmitFeedbackInput = z.input<typeof submitFeedbackInput>;

/** The inbox's filters; dates are inclusive local dates in the shop's time zone. */
export const listFeedbackInput = z.object({
  score: z.number().int().min(1).max(5).optional(),
  /** Only the unhappy answers (1 and 2): what needs an answer first. */
  lowOnly: z.boolean().optional(),
  methodId: z.uuid().optional(),
  storeId: z.uuid().optional(),
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
  /** The last row of the previous page: newest first, keyset on (created_at, id). */
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListFeedbackInput = z.input<typeof listFeedbackInput>;

export const replyToFeedbackInput = z.object({
  feedbackId: z.uuid(),
  body: z.string().trim().min(1, { message: "required" }).max(2000, { message: "tooLong" }),
});
export type ReplyToFeedbackInput = z.infer<typeof replyToFeedbackInput>;
