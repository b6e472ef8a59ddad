import { getMessages } from "next-intl/server";

// Apart from client-messages.tsx: the customer's pages pick messages too, and a module that
// imports NextIntlClientProvider makes next-intl's client a script of every page importing it.

/**
 * The namespaces every screen's client components may use: the error sentences of forms and
 * failed requests, and the shell's few words (language switch, sign-out) that console and
 * customer pages share.
 */
export const baseClientNamespaces = ["common", "errors", "shell"] as const;

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
