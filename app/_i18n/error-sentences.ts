import "server-only";
import { errorLocaleHeader } from "@/app/_lib/error-locale-header";
import { errorSentence, fieldErrorSentences } from "@/app/_lib/error-sentence";
import { translatorFor } from "@/server/http/locale";
import type { ErrorData, ErrorSentences } from "@/server/trpc/init";
import { isLocale } from "./config";

/**
 * The refusals' sentences, said by the server in the language a call asks for (the
 * customer's pages send theirs in `errorLocaleHeader`): the same words useErrorMessage finds
 * in the browser, without sending the `errors` catalogue to a customer's phone. Undefined
 * when the call asks for none (the console translates its errors itself).
 */
export function errorExplainerFor(
  headers: Headers,
): ((data: ErrorData) => ErrorSentences) | undefined {
  const locale = headers.get(errorLocaleHeader);
  if (!isLocale(locale)) return undefined;
  return (data) => {
    const t = translatorFor(locale);
    const errors = Object.assign(
      (key: string, values?: Record<string, string | number>) => t(`errors.${key}`, values),
      { has: (key: string) => t.has(`errors.${key}`) },
    );
    const err = { data };
    return {
      sentence: errorSentence(errors, err),
      fieldSentences: data.fieldErrors ? fieldErrorSentences(errors, err) : null,
    };
  };
}
