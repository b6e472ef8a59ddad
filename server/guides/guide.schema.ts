import { z } from "zod";
import { locales, roles } from "@/db/schema/enum-values";
import { nameSchema } from "@/server/text/name.schema";

export const localeSchema = z.enum(locales);
export const guideSlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "invalidSlug" })
  .max(60, { message: "tooLong" });

const localizedText = (max: number) =>
  z.object({
    "zh-CN": z.string().trim().min(1, { message: "required" }).max(max, { message: "tooLong" }),
    en: z.string().trim().min(1, { message: "required" }).max(max, { message: "tooLong" }),
  });

const optionId = z.string().regex(/^[a-z0-9-]{1,20}$/, { message: "invalidId" });

/** A quiz as stored with a guide (shipped manifest and editor both pass through this). */
export const guideQuizSchema = z
  .object({
    passMark: z.number().int().min(1),
    questions: z
      .array(
        z
          .object({
            id: optionId,
            prompt: localizedText(500),
            options: z
              .array(z.object({ id: optionId, label: localizedText(300) }))
              .min(2)
              .max(6),
            correct: z.array(optionId).min(1),
            explanation: localizedText(1000),
          })
          .refine((q) => new Set(q.options.map((o) => o.id)).size === q.options.length, {
            message: "duplicateOption",
          })
          .refine((q) => q.correct.every((c) => q.options.some((o) => o.id === c)), {
            message: "unknownCorrectOption",
          }),
      )
      .min(1)
      .max(10),
  })
  .refine((quiz) => new Set(quiz.questions.map((q) => q.id)).size === quiz.questions.length, {
    message: "duplicateQuestion",
  })
  .refine((quiz) => quiz.passMark <= quiz.questions.length, { message: "passMarkTooHigh" });

const guideContent = z.object({
  title: nameSchema(120),
  body: z.string().trim().min(1, { message: "required" }).max(40_000, { message: "tooLong" }),
});

export const guideContentsSchema = z.object({ "zh-CN": guideContent, en: guideContent });
export const guideRolesSchema = z.array(z.enum(roles)).min(1, { message: "chooseRole" });

export const listGuidesInput = z.object({
  locale: localeSchema,
  search: z.string().trim().max(100).optional(),
});
export type ListGuidesInput = z.infer<typeof listGuidesInput>;

export const guideBySlugInput = z.object({ slug: guideSlug, locale: localeSchema });

export const acknowledgeGuideInput = z.object({
  slug: guideSlug,
  /** The version the person read; a guide changed meanwhile must be read again. */
  version: z.number().int().min(1),
});
export type AcknowledgeGuideInput = z.infer<typeof acknowledgeGuideInput>;

export const submitQuizInput = acknowledgeGuideInput.extend({
  /** Question id → the option ids chosen. */
  answers: z.record(z.string().max(20), z.array(z.string().max(20)).max(6)),
});
export type SubmitQuizInput = z.infer<typeof submitQuizInput>;

export const guideForEditInput = z.object({ slug: guideSlug });

export const updateGuideInput = z.object({
  slug: guideSlug,
  expectedVersion: z.number().int().min(1),
  roles: guideRolesSchema,
  contents: guideContentsSchema,
  quiz: guideQuizSchema.nullable(),
});
export type UpdateGuideInput = z.infer<typeof updateGuideInput>;

/** Queries whose text comes in the reader's language. */
export const localeInput = z.object({ locale: localeSchema });

export const remindInput = z.object({ slug: guideSlug, userId: z.uuid() });
export type RemindInput = z.infer<typeof remindInput>;

/** A shipped guide's manifest (`server/guides/shipped/<slug>.json`). */
export const shippedManifestSchema = z.object({
  order: z.number().int(),
  roles: guideRolesSchema,
  quiz: guideQuizSchema.nullable(),
});
