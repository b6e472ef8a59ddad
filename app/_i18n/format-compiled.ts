import format, { type CompiledMessage } from "icu-minify/format";

export type MessageValues = Record<string, string | number>;

// What next-intl hands its formatter, without its cache: a customer's page formats a handful
// of sentences.
const formatters = {
  getNumberFormat: (...args: ConstructorParameters<typeof Intl.NumberFormat>) =>
    new Intl.NumberFormat(...args),
  getDateTimeFormat: (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) =>
    new Intl.DateTimeFormat(...args),
  getPluralRules: (...args: ConstructorParameters<typeof Intl.PluralRules>) =>
    new Intl.PluralRules(...args),
};

/**
 * One message of the precompiled catalogue (loadCompiledMessages) as next-intl says it in
 * precompiled mode (its formatter is icu-minify's), for the customer's pages, which do without
 * next-intl's client. `format-compiled.test.ts` holds it to next-intl's output.
 */
export function formatCompiled(
  message: CompiledMessage,
  values: MessageValues,
  locale: string,
): string {
  return String(format(message, locale, values, { formatters }));
}
