"use client";

import { useTranslations } from "next-intl";

interface TrpcLikeError {
  message?: string;
  data?: {
    messageKey?: string | null;
    details?: Record<string, string | number> | null;
    httpStatus?: number;
  } | null;
}

/** Turns a tRPC error into a sentence in the user's language (never a stack trace). */
export function useErrorMessage() {
  const t = useTranslations("errors");
  return (err: unknown): string => {
    const e = err as TrpcLikeError | null;
    const key = e?.data?.messageKey;
    if (key && t.has(key)) return t(key, e?.data?.details ?? {});
    if (e?.data?.httpStatus === 403) return t("roleForbidden");
    if (e?.data?.httpStatus === 401) return t("signedOut");
    if (e?.data?.httpStatus === 400) return t("checkFields");
    return t("internal");
  };
}

/** Field errors of a form, as translated messages per field name. */
export function useFieldErrors() {
  const t = useTranslations("errors");
  return (err: unknown): Record<string, string> => {
    const fields = (
      err as { data?: { fieldErrors?: Record<string, string[] | undefined> | null } } | null
    )?.data?.fieldErrors;
    const out: Record<string, string> = {};
    for (const [name, keys] of Object.entries(fields ?? {})) {
      const key = keys?.[0];
      if (key) out[name] = t.has(key) ? t(key) : t("invalidValue");
    }
    return out;
  };
}
