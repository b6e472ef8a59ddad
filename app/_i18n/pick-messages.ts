import { getMessages } from "next-intl/server";

// Apart from client-messages.tsx: the customer's pages pick messages too, and a module that
// imports NextIntlClientProvider makes next-intl's client a script of every page importing it.

/**
 * The namespaces every screen's client components may use: the error sentences of forms and
 * failed requests, and the shell's few words (language switch, sign-out) that console and
 * customer pages share.
 */
export const baseClientNamespaces = ["common", "errors", "shell"] as const;

/**
 * The `errors` sentences the console's browser code says by itself: the form checks that run
 * there (the shared zod schemas, amounts parsed in the browser) and the fallbacks of
 * errorSentence. A refused call's sentence comes from the server in the user's language
 * (the tRPC client sends it, see errorLocaleHeader), so the rest of the catalogue (200-odd
 * sentences, most of a console page's messages) stays on the server. A subtree whose code
 * translates keys it reads from elsewhere (a statement's import error) lists "errors" in its
 * ClientMessages and gets them all. client-messages.test.ts checks this list against the code.
 */
export const clientErrorKeys = [
  "amountPositive",
  "backupPassphraseShort",
  "benefitIncomplete",
  "checkFields",
  "chooseRole",
  "digitsOnly",
  "duplicateOption",
  "duplicateQuestion",
  "endBeforeStart",
  "feeMinAboveMax",
  "hexOnly",
  "hoursOrder",
  "internal",
  "invalidAmount",
  "invalidCurrency",
  "invalidDate",
  "invalidEmail",
  "invalidFeeRate",
  "invalidId",
  "invalidMonth",
  "invalidOpeningHours",
  "invalidPublishableKey",
  "invalidRetention",
  "invalidSlug",
  "invalidTimeZone",
  "invalidTransition",
  "invalidValue",
  "itemsOrAmount",
  "noMerchant",
  "partExceedsDue",
  "passMarkTooHigh",
  "passwordTooShort",
  "pinFormat",
  "promotionNeedsMethod",
  "quantityRange",
  "reasonRequired",
  "refundRedeemedVoucher",
  "refundWindowRange",
  "required",
  "roleForbidden",
  "settlementDelayRange",
  "setupPasswordTooShort",
  "signedOut",
  "statementUnknownLayout",
  "stepUpRequired",
  "tooLong",
  "tooManyWrongCodesCanLift",
  "ttlRange",
  "unknownCorrectOption",
  "usesRange",
  "validDaysRange",
  "windowRange",
] as const;

/**
 * The base namespaces (or `base`) and these, from the request's catalogue; of `errors`, the sentences
 * `errorKeys` names unless `namespaces` asks for all of it.
 */
export async function pickMessages(
  namespaces: readonly string[],
  errorKeys: readonly string[] = clientErrorKeys,
  base: readonly string[] = baseClientNamespaces,
) {
  const all = await getMessages();
  const picked: Record<string, unknown> = {};
  for (const ns of [...base, ...namespaces]) {
    if (!(ns in all)) throw new Error(`No message namespace "${ns}"`);
    picked[ns] = all[ns];
  }
  if (!namespaces.includes("errors")) {
    const errors = all.errors as Record<string, unknown>;
    picked.errors = Object.fromEntries(errorKeys.map((key) => [key, errors[key]]));
  }
  return picked;
}
