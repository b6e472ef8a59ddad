"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import {
  queryString,
  readUrlState,
  writeUrlState,
  type UrlChange,
  type UrlParsers,
} from "./url-state";

/**
 * A screen's state in the URL's query, read with `parsers` and changed with the setter:
 * `push` makes each change a step of the back button (filters, pages), `replace` does not
 * (a tab, a date range being adjusted). The URL changes in place (history.pushState, which
 * Next's router follows): the page's server part does not run again; the screen's queries
 * follow the new values. The new values show at once, before the router has caught up, so
 * that a field typed into keeps every key.
 */
export function useUrlState<P extends UrlParsers>(
  parsers: P,
  { history }: { history: "push" | "replace" },
) {
  const routed = useSearchParams().toString();
  // The query as last written here, until the router's catches up with it (or moves on: the
  // back button, a link).
  const [shown, setShown] = useState({ routed, query: routed });
  let query = shown.query;
  if (shown.routed !== routed) {
    query = routed;
    setShown({ routed, query });
  }
  const values = useMemo(() => readUrlState(parsers, new URLSearchParams(query)), [parsers, query]);

  const setValues = useCallback(
    (change: UrlChange<P>) => {
      const next = new URLSearchParams(window.location.search);
      writeUrlState(parsers, next, change);
      const url = `${window.location.pathname}${queryString(next)}${window.location.hash}`;
      setShown((before) => ({ ...before, query: next.toString() }));
      if (history === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [parsers, history],
  );
  return [values, setValues] as const;
}
