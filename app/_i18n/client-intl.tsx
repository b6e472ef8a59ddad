"use client";

import format from "icu-minify/format";
import {
  cloneElement,
  createContext,
  isValidElement,
  useContext,
  useMemo,
  type ReactNode,
} from "react";

/*
 * The translator and formatter of the console's client components. next-intl's client runtime
 * (use-intl: its provider, translator, formatters and their memoizer) was 3.4 KB of gzip on
 * every console page, most of it for what the console never asks (named formats, relative
 * times, lists, error hooks a server cannot pass to the browser). Its messages reach the
 * browser precompiled (app/_i18n/messages), so this formats them with the same formatter
 * next-intl uses for those (icu-minify's) and otherwise does as next-intl does for the calls
 * the console makes: a missing or broken message is logged and shows as `namespace.key`, a
 * formatting failure of a number or a date shows the value as text. client-intl.test.ts holds
 * every message of both catalogues to next-intl's own translator.
 */

export type Messages = { [key: string]: unknown };

interface IntlConfig {
  locale: string;
  /** Where dates are shown when a call names no zone (the request config's). */
  timeZone: string;
  messages: Messages;
}

const IntlContext = createContext<IntlConfig | null>(null);

function useIntl(): IntlConfig {
  const intl = useContext(IntlContext);
  if (!intl) throw new Error("a translator outside IntlProvider");
  return intl;
}

/** Gives the client components below it the language, the zone and these messages. */
export function IntlProvider({
  locale,
  timeZone,
  messages,
  children,
}: IntlConfig & { children: ReactNode }) {
  const value = useMemo(() => ({ locale, timeZone, messages }), [locale, timeZone, messages]);
  return <IntlContext.Provider value={value}>{children}</IntlContext.Provider>;
}

export const useLocale = () => useIntl().locale;
export const useMessages = () => useIntl().messages;
export const useTimeZone = () => useIntl().timeZone;

// Intl's formatters are slow to make and a page formats hundreds of values: one per
// language and options, kept for the session.
const made = new Map<string, unknown>();
function memo<T>(make: new (locale: string, options?: never) => T) {
  return (locale: string, options?: object): T => {
    const key = `${make.name} ${locale} ${JSON.stringify(options)}`;
    let formatter = made.get(key) as T | undefined;
    if (!formatter) made.set(key, (formatter = new make(locale, options as never)));
    return formatter;
  };
}
const formatters = {
  getNumberFormat: memo(Intl.NumberFormat),
  getDateTimeFormat: memo(Intl.DateTimeFormat),
  getPluralRules: memo(Intl.PluralRules),
};

type Value = string | number | boolean | Date;
type RichValue = Value | ((chunks: ReactNode[]) => ReactNode);

export interface Translator {
  (key: string, values?: Record<string, Value>): string;
  /** A sentence with tags (`<b>…</b>`), each drawn by the function of its name. */
  rich(key: string, values?: Record<string, RichValue>): ReactNode;
  has(key: string): boolean;
}

/** The message at `path` (dotted), or undefined. */
function lookup(messages: Messages, path: string): unknown {
  let node: unknown = messages;
  for (const part of path.split(".")) {
    node = (node as Messages | null | undefined)?.[part];
    if (node === undefined || node === null) return undefined;
  }
  return node;
}

/** A tag's elements get keys, as next-intl gives them (they are returned in an array). */
function keyed(values: Record<string, RichValue> | undefined) {
  if (!values) return values;
  const out: Record<string, RichValue> = {};
  for (const [name, value] of Object.entries(values)) {
    let index = 0;
    out[name] =
      typeof value === "function"
        ? (chunks: ReactNode[]) => {
            const element = value(chunks);
            return isValidElement(element)
              ? cloneElement(element, { key: name + index++ })
              : element;
          }
        : value;
  }
  return out;
}

function translator({ locale, timeZone, messages }: IntlConfig, namespace?: string): Translator {
  const pathOf = (key: string) => (namespace ? `${namespace}.${key}` : key);
  const failed = (key: string, why: string) => {
    console.error(new Error(`${why}: ${pathOf(key)} (${locale})`));
    return pathOf(key);
  };
  const rich = (key: string, values?: Record<string, RichValue>): ReactNode => {
    const message = lookup(messages, pathOf(key));
    if (message === undefined) return failed(key, "MISSING_MESSAGE");
    try {
      return format<ReactNode>(message as never, locale, keyed(values) as never, {
        formatters,
        timeZone,
      });
    } catch {
      return failed(key, "FORMATTING_ERROR");
    }
  };
  const t = (key: string, values?: Record<string, Value>) => {
    const text = rich(key, values);
    return typeof text === "string" ? text : failed(key, "INVALID_MESSAGE");
  };
  return Object.assign(t, {
    rich,
    has: (key: string) => lookup(messages, pathOf(key)) !== undefined,
  });
}

/** The messages of `namespace` (dotted, e.g. "guides.practice"), or of the whole catalogue. */
export function useTranslations(namespace?: string): Translator {
  const intl = useIntl();
  return useMemo(() => translator(intl, namespace), [intl, namespace]);
}

/** The value as text when Intl refuses the options (as next-intl shows it), the error logged. */
function formatted(value: unknown, write: () => string): string {
  try {
    return write();
  } catch (error) {
    console.error(error);
    return String(value);
  }
}

/** Numbers and dates in the page's language, dates in the request's zone unless told another. */
export function useFormatter() {
  const { locale, timeZone } = useIntl();
  return useMemo(
    () => ({
      number: (value: number | bigint, options?: Intl.NumberFormatOptions) =>
        formatted(value, () => formatters.getNumberFormat(locale, options).format(value)),
      dateTime: (value: Date | number, options?: Intl.DateTimeFormatOptions) =>
        formatted(value, () =>
          formatters
            .getDateTimeFormat(locale, options?.timeZone ? options : { ...options, timeZone })
            .format(value),
        ),
    }),
    [locale, timeZone],
  );
}
