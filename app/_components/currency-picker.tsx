"use client";

import { useLocale } from "@/app/_i18n/client-intl";
import { useMemo, useState, type ComponentProps } from "react";
import { NativeSelect } from "@/app/_components/ui/input";
import { useIntlChoices } from "@/app/_lib/intl-choices";
import { useHydrated } from "@/app/_lib/use-hydrated";

/** The browser's names of currencies in `locale`, where it has Intl.DisplayNames. */
function currencyNames(locale: string): ((code: string) => string | undefined) | null {
  if (typeof Intl.DisplayNames !== "function") return null;
  const names = new Intl.DisplayNames([locale], { type: "currency" });
  return (code) => names.of(code);
}

/**
 * A shop's currency (settings, first-run setup): every currency the server accepts, as
 * "CNY · 人民币" in the user's language. The page carries only the current code: the list is
 * fetched once the page runs (useIntlChoices) and named by the browser; before that, and in a
 * browser without Intl.DisplayNames, the code alone. With `followZone` (a new shop), it shows
 * the currency of that time zone until the person picks one themselves.
 */
export function CurrencyPicker({
  defaultValue,
  followZone,
  ...props
}: Omit<ComponentProps<"select">, "defaultValue" | "value" | "onChange" | "children"> & {
  defaultValue: string;
  followZone?: string;
}) {
  const locale = useLocale();
  const choices = useIntlChoices();
  const codes = choices?.currencies;
  const hydrated = useHydrated();
  const [chosen, setChosen] = useState<string | null>(null);
  const zoneCurrency = followZone && choices?.zoneCurrencies[choices.timeZones.indexOf(followZone)];
  const value = chosen ?? (zoneCurrency || defaultValue);
  // Named only once the page runs: the server's names (another ICU) might not hydrate.
  const nameOf = useMemo(() => (hydrated ? currencyNames(locale) : null), [hydrated, locale]);

  return (
    <NativeSelect value={value} onChange={(e) => setChosen(e.target.value)} {...props}>
      {(codes ?? [value]).map((code) => {
        const name = nameOf?.(code);
        return (
          <option key={code} value={code}>
            {name && name !== code ? `${code} · ${name}` : code}
          </option>
        );
      })}
    </NativeSelect>
  );
}
