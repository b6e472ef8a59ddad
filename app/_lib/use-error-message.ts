"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { errorSentence, fieldErrorSentences } from "./error-sentence";

/** Turns a tRPC error into a sentence in the user's language (never a stack trace). */
export function useErrorMessage() {
  const t = useTranslations("errors");
  return (err: unknown): string => errorSentence(t, err);
}

/** Field errors of a form, as translated messages per field name. */
export function useFieldErrors() {
  const t = useTranslations("errors");
  return (err: unknown): Record<string, string> => fieldErrorSentences(t, err);
}
