"use client";

import { useCustomerTranslations } from "@/app/_i18n/customer-intl";
import { errorSentence, fieldErrorSentences } from "./error-sentence";

/** useErrorMessage and useFieldErrors for the customer's pages (see customer-intl.tsx). */
export function useCustomerErrorMessage() {
  const t = useCustomerTranslations("errors");
  return (err: unknown): string => errorSentence(t, err);
}

export function useCustomerFieldErrors() {
  const t = useCustomerTranslations("errors");
  return (err: unknown): Record<string, string> => fieldErrorSentences(t, err);
}
