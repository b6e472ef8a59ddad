import "server-only";
import { getTranslations } from "next-intl/server";

/**
 * The `errors` sentences a customer's page may say by itself: for a call that got no answer
 * to read (errorSentence's fallbacks), and the sandbox wallet's own checks. A refusal's
 * sentence comes from the server in the page's language (pay-client.ts), so the rest of the
 * catalogue stays on the server. None of these takes a value.
 */
export const customerErrorKeys = [
  "internal",
  "roleForbidden",
  "signedOut",
  "checkFields",
  "invalidValue",
  "walletAlreadyUsed",
  "payLinkClosed",
  "pinFormat",
] as const;

export type CustomerErrorKey = (typeof customerErrorKeys)[number];

/** errorSentence's fallbacks, which every customer's form may need. */
const fallbackKeys = ["internal", "roleForbidden", "signedOut", "checkFields"] as const;

/** The sentences a client component is given: the fallbacks and those it says itself (`K`). */
export type CustomerErrorTexts<K extends CustomerErrorKey = never> = Record<
  (typeof fallbackKeys)[number] | K,
  string
>;

/** The fallbacks and `more`, said in the page's language, for a client component's props. */
export async function customerErrorTexts<K extends CustomerErrorKey = never>(
  more: readonly K[] = [],
): Promise<CustomerErrorTexts<K>> {
  const t = await getTranslations("errors");
  return Object.fromEntries(
    [...fallbackKeys, ...more].map((key) => [key, t(key)]),
  ) as CustomerErrorTexts<K>;
}
