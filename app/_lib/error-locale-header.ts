/**
 * The header in which the customer's pages ask the server for a refusal's sentence in their
 * language (app/_i18n/error-sentences.ts), so that a phone is not sent the whole `errors`
 * catalogue. A module of its own: the pay page's script sends it (call.ts) but says no error
 * sentence itself, so it must not carry error-sentence.ts's translators.
 */
export const errorLocaleHeader = "x-hexiao-error-locale";
