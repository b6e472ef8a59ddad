"use client";

import { lazy, Suspense, useState } from "react";
import type { ConfirmDialogProps } from "./confirm-dialog-box";

const ConfirmDialogBox = lazy(() =>
  import("./confirm-dialog-box").then((m) => ({ default: m.ConfirmDialogBox })),
);

/**
 * A confirmation (Radix's AlertDialog: focus kept inside, answered rather than dismissed by a
 * click outside) whose library is fetched the first time it opens, not with the page: a list
 * or settings screen shows its button on every visit and is asked to confirm on few. The
 * opener is a plain button that sets `open`; focus returns to it on closing.
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
