import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { pickMessages } from "./pick-messages";
import { CustomerIntlProvider } from "./customer-intl";

/** The namespaces of the customer's pages (pay page, sandbox wallet, receipt). */
export const customerNamespaces = ["pay", "sandbox", "receiptFeedback"] as const;

/**
 * The `errors` sentences a customer's page says by itself: a call that got no answer to read
 * (errorSentence's fallbacks) and the sandbox wallet's own checks. A refusal's sentence comes
 * from the server, in the page's language (pay-client.ts), so the rest of the catalogue (most
 * of these pages' messages) stays on the server.
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

/**
 * ClientMessages for the customer's pages: the same picked messages (of the base namespaces
 * only `errors`: the shell's words reach these pages from the server), given to their client components through `useCustomerTranslations` instead of
 * next-intl's client, which would be most of what a customer's phone downloads; they are
 * formatted by icu-minify's formatter, as next-intl formats the precompiled catalogue. `client-messages.test.ts` checks these lists as it checks
 * ClientMessages'.
 */
export async function CustomerMessages({
  namespaces,
  children,
}: {
  namespaces: readonly (typeof customerNamespaces)[number][];
  children: ReactNode;
}) {
  return (
    <CustomerIntlProvider
      locale={await getLocale()}
      messages={await pickMessages(namespaces, customerErrorKeys, ["errors"])}
    >
      {children}
    </CustomerIntlProvider>
  );
}
