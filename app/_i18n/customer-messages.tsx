import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { pickMessages } from "./pick-messages";
import { CustomerIntlProvider } from "./customer-intl";

/** The namespaces of the customer's pages (pay page, sandbox wallet, receipt). */
export const customerNamespaces = ["pay", "sandbox", "receiptFeedback"] as const;

/**
 * ClientMessages for the customer's pages: the same picked messages (base namespaces
 * included), given to their client components through `useCustomerTranslations` instead of
 * next-intl's client, whose message parser would be most of what a customer's phone
 * downloads (see icu-lite.ts). `client-messages.test.ts` checks these lists as it checks
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
    <CustomerIntlProvider locale={await getLocale()} messages={await pickMessages(namespaces)}>
      {children}
    </CustomerIntlProvider>
  );
}
