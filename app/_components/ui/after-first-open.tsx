"use client";

import { lazy, Suspense, useState, type ComponentType, type ReactNode } from "react";
import { fetchAheadProps } from "./fetch-ahead";

/**
 * A dialog's content (its form, fields and checks: most of a dialog's script) fetched the
 * first time the dialog opens rather than with its page, as load-on-first-open.tsx does for the
 * dialog library: most visits show the button and never press it. `children` is a React.lazy
 * element that renders the DialogContent itself, so that the content, and with it the focus
 * the dialog gives its first field, arrives whole (a Suspense inside DialogContent would let
 * the focus land on the close button while the form is on its way). Kept once loaded, so the
 * dialog closes as before.
 */
export function AfterFirstOpen({ open, children }: { open: boolean; children: ReactNode }) {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened ? <Suspense fallback={null}>{children}</Suspense> : null;
}

/**
 * A component of the module `load`, fetched when first rendered (React.lazy), and the props
 * that fetch it ahead when its opener is pointed at or focused: a lazy dialog's content and
 * its trigger's props.
 */
export function lazyWithFetchAhead<M, P extends object>(
  load: () => Promise<M>,
  pick: (m: M) => ComponentType<P>,
) {
  return {
    Lazy: lazy(() => load().then((m) => ({ default: pick(m) }))),
    fetchAhead: fetchAheadProps(load),
  };
}
