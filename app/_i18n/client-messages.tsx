import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";

/**
 * The namespaces every screen's client components may use: the error sentences of forms and
 * failed requests, and the shell's few words (language switch, sign-out) that console and
 * customer pages share.
 */
export const baseClientNamespaces = ["common", "errors", "shell"] as const;

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
    <NextIntlClientProvider messages={await pickMessages(namespaces)}>
      {children}
    </NextIntlClientProvider>
  );
}

/** The base namespaces and these, from the request's catalogue. */
export async function pickMessages(namespaces: readonly string[]) {
  const all = await getMessages();
  const picked: Record<string, unknown> = {};
  for (const ns of [...baseClientNamespaces, ...namespaces]) {
    if (!(ns in all)) throw new Error(`No message namespace "${ns}"`);
    picked[ns] = all[ns];
  }
  return picked;
}
