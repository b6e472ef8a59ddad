"use client";

import { NextIntlClientProvider, useLocale, useMessages } from "next-intl";
import { lazy, useMemo, type ComponentType, type ReactNode } from "react";
import { fetchAheadProps } from "@/app/_components/ui/after-first-open";

type Messages = { [key: string]: unknown };

/** `more` laid over `base`, group by group (`paymentMethods.connection` into `paymentMethods`). */
function merged(base: Messages, more: Messages): Messages {
  const out: Messages = { ...base };
  for (const [key, value] of Object.entries(more)) {
    const mine = out[key];
    out[key] =
      mine && typeof mine === "object" && value && typeof value === "object"
        ? merged(mine as Messages, value as Messages)
        : value;
  }
  return out;
}

/** The page's messages and `more`, for the subtree of a part loaded later. */
function WithMoreMessages({ more, children }: { more: Messages; children: ReactNode }) {
  const locale = useLocale();
  const messages = useMessages();
  const all = useMemo(() => merged(messages, more), [messages, more]);
  return (
    <NextIntlClientProvider locale={locale} messages={all}>
      {children}
    </NextIntlClientProvider>
  );
}

async function fetchMessages(namespaces: readonly string[]): Promise<Messages> {
  // The console's <html lang> is the language its messages are in (the root layout sets it).
  const query = `locale=${encodeURIComponent(document.documentElement.lang)}&ns=${namespaces.join(",")}`;
  const res = await fetch(`/api/messages?${query}`);
  if (!res.ok) throw new Error(`messages ${namespaces.join(",")}: HTTP ${res.status}`);
  return (await res.json()) as Messages;
}

/**
 * React.lazy for a part that most visits never show (a dialog that opens when asked), whose
 * sentences come with it rather than in every page's HTML: the module `load` and these
 * namespaces of the catalogue (/api/messages) are fetched together the first time it renders,
 * or ahead with `fetchAhead` (its opener's props, as lazyWithFetchAhead's), and its subtree is
 * given the page's messages and these. client-messages.test.ts holds `namespaces` to what the
 * module's client code says, as it holds the pages' <ClientMessages> lists, which then leave
 * them out. Only for parts rendered in the browser: the server has no fetch of its own here.
 */
export function lazyWithMessages<M, P extends object>(
  namespaces: readonly string[],
  load: () => Promise<M>,
  pick: (m: M) => ComponentType<P>,
) {
  let loading: Promise<[M, Messages]> | undefined;
  const loadBoth = () =>
    (loading ??= Promise.all([load(), fetchMessages(namespaces)]).catch((error: unknown) => {
      // Asked again at the next opening (a dropped connection), not refused for good.
      loading = undefined;
      throw error;
    }));
  const Lazy = lazy(async () => {
    const [module, more] = await loadBoth();
    const Part = pick(module);
    function PartWithMessages(props: P) {
      return (
        <WithMoreMessages more={more}>
          <Part {...props} />
        </WithMoreMessages>
      );
    }
    return { default: PartWithMessages };
  });
  return { Lazy, fetchAhead: fetchAheadProps(loadBoth) };
}
