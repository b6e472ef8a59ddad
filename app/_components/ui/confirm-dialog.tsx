"use client";

import { lazy, Suspense, useState } from "react";
import { fetchAheadProps } from "./fetch-ahead";
import type { ConfirmDialogProps } from "./confirm-dialog-box";

const loadBox = () => import("./confirm-dialog-box");
const ConfirmDialogBox = lazy(() => loadBox().then((m) => ({ default: m.ConfirmDialogBox })));

/**
 * The opener's props that fetch what the first opening needs (the box, and the dialog library
 * it opens) when the opener is pointed at or focused, so the press waits for neither.
 */
export const confirmOpenerProps = fetchAheadProps(() =>
  Promise.all([loadBox(), import("./alert-dialog-radix")]),
);

/**
 * A confirmation (Radix's AlertDialog: focus kept inside, answered rather than dismissed by a
 * click outside) whose library is fetched the first time it opens, not with the page: a list
 * or settings screen shows its button on every visit and is asked to confirm on few. The
 * opener is a plain button that sets `open` (give it `confirmOpenerProps`); focus returns to
 * it on closing.
 */
export function ConfirmDialog(props: Omit<ConfirmDialogProps, "returnFocus">) {
  const [returnFocus, setReturnFocus] = useState<HTMLElement | null>(null);
  const [opened, setOpened] = useState(false);
  const [wasOpen, setWasOpen] = useState(false);
  if (props.open !== wasOpen) {
    setWasOpen(props.open);
    if (props.open) {
      // Read while rendering the opening: the focus is still on what opened it.
      setOpened(true);
      setReturnFocus(document.activeElement instanceof HTMLElement ? document.activeElement : null);
    }
  }
  if (!opened) return null;
  return (
    <Suspense fallback={null}>
      <ConfirmDialogBox {...props} returnFocus={returnFocus} />
    </Suspense>
  );
}
