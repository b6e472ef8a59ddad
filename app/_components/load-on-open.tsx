"use client";

import { Suspense, useState, type KeyboardEvent, type ReactNode } from "react";

/**
 * A menu or drawer whose library (Radix: positioning, focus trapping, dismissal) is loaded the
 * first time it is opened rather than with every page, which most visits never do. Until
 * then `trigger` renders its button alone, given `open`; from then on `children`: a
 * React.lazy component that starts open (`defaultOpen`) with the same button as its trigger.
 */
export function LoadOnOpen({
  trigger,
  children,
}: {
  trigger: (open: () => void) => ReactNode;
  children: ReactNode;
}) {
  const [wanted, setWanted] = useState(false);
  if (!wanted) return trigger(() => setWanted(true));
  return <Suspense fallback={trigger(() => undefined)}>{children}</Suspense>;
}

/** A menu button's props before its menu is loaded: as Radix's trigger, a click or an arrow key opens it. */
export function menuTriggerProps(open: () => void) {
  return {
    "aria-haspopup": "menu" as const,
    "aria-expanded": false,
    onClick: open,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      e.preventDefault();
      open();
    },
  };
}
