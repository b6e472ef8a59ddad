"use client";

import type { ReactNode } from "react";

/** Prints the page (a receipt). Its icon, words and looks come from the server. */
export function PrintButton({ className, children }: { className: string; children: ReactNode }) {
  return (
    <button type="button" className={className} onClick={() => window.print()}>
      {children}
    </button>
  );
}
