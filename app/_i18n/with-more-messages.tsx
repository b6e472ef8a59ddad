"use client";

import { useMemo, type ReactNode } from "react";
import { IntlProvider, useLocale, useMessages, useTimeZone, type Messages } from "./client-intl";

export type { Messages };

/** `more` laid over `base`, group by group (a part's error sentences into the page's). */
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

/**
 * The page's messages and `more`, for the subtree of a part loaded later (lazyWithMessages,
 * which loads this module with the part: the pages that never show one do not carry it).
 */
export function WithMoreMessages({ more, children }: { more: Messages; children: ReactNode }) {
  const locale = useLocale();
  const timeZone = useTimeZone();
  const messages = useMessages();
  const all = useMemo(() => merged(messages, more), [messages, more]);
  return (
    <IntlProvider locale={locale} timeZone={timeZone} messages={all}>
      {children}
    </IntlProvider>
  );
}
