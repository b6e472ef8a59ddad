import { getLocale, getTimeZone } from "next-intl/server";
import type { ReactNode } from "react";
import { IntlProvider } from "./client-intl";
import { pickMessages } from "./pick-messages";

/**
 * Gives the client components below it the messages of these namespaces only (plus the base
 * ones). Every message sent here is inlined into the page's HTML for the browser, so a page
 * carries the sentences its own client components say, not the whole catalogue of every
 * screen. Nested, the innermost one wins for its subtree: it must list all its subtree needs.
 * `client-messages.test.ts` checks every page and layout against the client code it imports.
 */
export async function ClientMessages({
  namespaces,
  children,
}: {
  namespaces: readonly string[];
  children: ReactNode;
}) {
  return (
    <IntlProvider
      locale={await getLocale()}
      timeZone={await getTimeZone()}
      messages={await pickMessages(namespaces)}
    >
      {children}
    </IntlProvider>
  );
}
