"use client";

import { lazy, type ComponentType } from "react";
import { fetchAheadProps } from "@/app/_components/ui/fetch-ahead";
import type { Messages } from "./with-more-messages";

async function fetchMessages(namespaces: readonly string[]): Promise<Messages> {
  // The console's <html lang> is the language its messages are in, data-messages their
  // catalogue's version (the root layout sets both): a new release's sentences, a new address.
  const { lang, dataset } = document.documentElement;
  const query = `locale=${encodeURIComponent(lang)}&v=${encodeURIComponent(dataset.messages ?? "")}&ns=${namespaces.join(",")}`;
  const res = await fetch(`/api/messages?${query}`);
  if (!res.ok) throw new Error(`messages ${namespaces.join(",")}: HTTP ${res.status}`);
  return (await res.json()) as Messages;
}

/**
 * React.lazy for a part that most visits never show (a dialog that opens when asked), whose
 * sentences come with it rather than in every page's HTML: the module `load` and these
 * namespaces of the catalogue (/api/messages, under this build's version) are fetched together the first time it renders,
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
  let loading: Promise<[M, Messages, typeof import("./with-more-messages")]> | undefined;
  const loadAll = () =>
    (loading ??= Promise.all([
      load(),
      fetchMessages(namespaces),
      import("./with-more-messages"),
    ]).catch((error: unknown) => {
      // Asked again at the next opening (a dropped connection), not refused for good.
      loading = undefined;
      throw error;
    }));
  const Lazy = lazy(async () => {
    const [module, more, { WithMoreMessages }] = await loadAll();
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
  return { Lazy, fetchAhead: fetchAheadProps(loadAll) };
}
