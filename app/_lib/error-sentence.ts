import { minPasswordLength } from "@/server/auth/password-rule";
import { hiddenCharacterKey } from "@/server/http/hidden-characters.logic";

/*
 * A failed request's sentence in the user's language (never a stack trace), from the
 * `errors` namespace through whichever translator the page has: client-intl.tsx's in the console
 * (use-error-message.ts), `saidErrors` on the customer's pages. The customer's pages ask the
 * server for the sentence instead (errorLocaleHeader), so a phone is not sent the whole
 * `errors` catalogue; they keep only the sentences said without an answer (see
 * app/_i18n/customer-errors.ts).
 */

/**
 * The values any error sentence may name, whichever check said it (a zod issue carries its
 * key only): the product's stated rules, so that the sentence and the field's hint say the
 * same number.
 */
export const ruleValues = { minPasswordLength };

interface ErrorsTranslator {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}

/**
 * A translator over sentences the server said already (a customer's page gets the few it may
 * need as props, see app/_i18n/customer-errors.ts): only keys whose sentences take no values.
 */
export function saidErrors(said: Readonly<Record<string, string>>): ErrorsTranslator {
  return Object.assign((key: string) => said[key] ?? said.internal ?? key, {
    has: (key: string) => key in said,
  });
}

interface TrpcLikeError {
  message?: string;
  data?: {
    messageKey?: string | null;
    details?: Record<string, string | number> | null;
    httpStatus?: number;
    fieldErrors?: Record<string, string[] | undefined> | null;
    sentence?: string;
    fieldSentences?: Record<string, string> | null;
  } | null;
}

export function errorSentence(t: ErrorsTranslator, err: unknown): string {
  const e = err as TrpcLikeError | null;
  if (e?.data?.sentence) return e.data.sentence;
  const key = e?.data?.messageKey;
  if (key && t.has(key)) return t(key, { ...ruleValues, ...e?.data?.details });
  if (e?.data?.httpStatus === 403) return t("roleForbidden");
  if (e?.data?.httpStatus === 401) return t("signedOut");
  if (e?.data?.httpStatus === 400) {
    // A check of every call's text, not of the form's own fields: a form may have no place
    // for the field it names (an order's items as a whole, a search box), so it is said here.
    const fieldKeys = Object.values(e.data.fieldErrors ?? {}).flat();
    if (fieldKeys.includes(hiddenCharacterKey) && t.has(hiddenCharacterKey)) {
      return t(hiddenCharacterKey);
    }
    return t("checkFields");
  }
  return t("internal");
}

/** Field errors of a form, as translated messages per field name. */
export function fieldErrorSentences(t: ErrorsTranslator, err: unknown): Record<string, string> {
  const data = (err as TrpcLikeError | null)?.data;
  if (data?.fieldSentences) return data.fieldSentences;
  const fields = data?.fieldErrors;
  const out: Record<string, string> = {};
  for (const [name, keys] of Object.entries(fields ?? {})) {
    const key = keys?.[0];
    if (key) out[name] = t.has(key) ? t(key, ruleValues) : t("invalidValue");
  }
  return out;
}
