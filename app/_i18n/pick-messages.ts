import { cache } from "react";
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
 * The `errors` sentences `keys` names: one object per request and list, so that a page whose
 * ClientMessages sits inside the layout's sends them once (the React payload refers back to an
 * object it has already sent).
 */
const errorSubset = cache(
  (errors: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> =>
    Object.fromEntries(keys.map((key) => [key, errors[key]])),
);

/**
 * The base namespaces and these, from the request's catalogue; of `errors`, the sentences
 * clientErrorKeys names unless `namespaces` asks for all of it. A namespace may name one
 * group of another ("guides.practice"): only that group is sent, under its full path.
 */
export async function pickMessages(namespaces: readonly string[]) {
  return pickFrom(await getMessages(), namespaces, clientErrorKeys, baseClientNamespaces);
}

/** pickMessages' choice from a catalogue `all`. */
export function pickFrom(
  all: Record<string, unknown>,
  namespaces: readonly string[],
  errorKeys: readonly string[],
  base: readonly string[],
) {
  const picked: Record<string, unknown> = {};
  for (const ns of [...base, ...namespaces]) {
    const groups = ns.split(".");
    const leaf = groups.pop() ?? ns;
    let value: unknown = all;
    for (const key of [...groups, leaf])
      value = (value as Record<string, unknown> | undefined)?.[key];
    if (value === undefined) throw new Error(`No message namespace "${ns}"`);
    let into = picked;
    // Into the groups made here; a group already picked whole holds the part (the value
    // written is the one it has).
    for (const key of groups) into = (into[key] ??= {}) as Record<string, unknown>;
    into[leaf] = value;
  }
  if (!namespaces.includes("errors")) {
    picked.errors = errorSubset(all.errors as Record<string, unknown>, errorKeys);
  }
  return picked;
}
