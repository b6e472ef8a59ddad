"use client";

import type { CompiledMessage } from "icu-minify/format";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { formatCompiled, type MessageValues } from "./format-compiled";

interface CustomerIntl {
  locale: string;
  messages: Record<string, unknown>;
}

const Context = createContext<CustomerIntl | null>(null);

/** See CustomerMessages (its server half). */
export function CustomerIntlProvider({
  locale,
  messages,
  children,
}: CustomerIntl & { children: ReactNode }) {
  const value = useMemo(() => ({ locale, messages }), [locale, messages]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

function useCustomerIntl(): CustomerIntl {
  const intl = useContext(Context);
  if (!intl) throw new Error("No <CustomerMessages> above this component");
  return intl;
}

export function useCustomerLocale(): string {
  return useCustomerIntl().locale;
}

/** A namespace's message by its dotted key (a string, or an array once compiled), or undefined. */
function lookup(messages: Record<string, unknown>, path: string): CompiledMessage | undefined {
  let node: unknown = messages;
  for (const part of path.split(".")) node = (node as Record<string, unknown> | null)?.[part];
  return typeof node === "string" || Array.isArray(node) ? (node as CompiledMessage) : undefined;
}

export interface CustomerTranslator {
  (key: string, values?: MessageValues): string;
  has(key: string): boolean;
}

/** next-intl's `useTranslations` for the customer's pages: `t(key, values)` and `t.has(key)`. */
export function useCustomerTranslations(namespace: string): CustomerTranslator {
  const { locale, messages } = useCustomerIntl();
  return useMemo(
    () =>
      Object.assign(
        (key: string, values: MessageValues = {}) => {
          const message = lookup(messages, `${namespace}.${key}`);
          // As next-intl does with a missing message: its key, rather than a broken page.
          return message === undefined
            ? `${namespace}.${key}`
            : formatCompiled(message, values, locale);
        },
        { has: (key: string) => lookup(messages, `${namespace}.${key}`) !== undefined },
      ),
    [locale, messages, namespace],
  );
}
