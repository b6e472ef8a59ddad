"use client";

import { useEffect, useState } from "react";

/**
 * What the time-zone and currency pickers offer: the ids the server accepts (its own Intl data,
 * which the settings' schemas check against), from app/api/intl-choices. Names and offsets
 * are worked out in the browser, so the lists are the same for every shop and language and
 * a page carries neither list in its HTML.
 */
export interface IntlChoices {
  timeZones: string[];
  currencies: string[];
  /** Beside each of `timeZones`, the currency a new shop there is offered first ("" for none). */
  zoneCurrencies: string[];
}

const intlChoicesPath = "/api/intl-choices";

let pending: Promise<IntlChoices> | null = null;

/** The lists, fetched once per page load (and kept by the browser's cache a day). */
function loadIntlChoices(): Promise<IntlChoices> {
  pending ??= fetch(intlChoicesPath)
    .then((res) => {
      if (!res.ok) throw new Error(`${intlChoicesPath}: ${res.status}`);
      return res.json() as Promise<IntlChoices>;
    })
    .catch((err: unknown) => {
      pending = null; // the next picker to open asks again
      throw err;
    });
  return pending;
}

/**
 * The lists once fetched; null before (and on the server, and if the fetch failed: a picker
 * then offers the value it has, so the form still saves what was there).
 */
export function useIntlChoices(): IntlChoices | null {
  const [choices, setChoices] = useState<IntlChoices | null>(null);
  useEffect(() => {
    let mounted = true;
    loadIntlChoices().then(
      (loaded) => mounted && setChoices(loaded),
      () => {},
    );
    return () => {
      mounted = false;
    };
  }, []);
  return choices;
}
