"use client";

import { createContext, useContext, type ReactNode } from "react";

/** Its words, and its button's looks (buttonClass, joined by the server). */
type Texts = Record<"heading" | "body" | "retry" | "retryClass", string>;

const LoadErrorContext = createContext<Texts | null>(null);

/**
 * The words of the page's error boundary (error.tsx), said by the layout's server half: an
 * error boundary gets no props from the server, and these are all the words of the pay page
 * its browser code needs beyond its components' props.
 */
export function LoadErrorTexts({ texts, children }: { texts: Texts; children: ReactNode }) {
  return <LoadErrorContext value={texts}>{children}</LoadErrorContext>;
}

export function useLoadErrorTexts(): Texts {
  const texts = useContext(LoadErrorContext);
  if (!texts) throw new Error("No <LoadErrorTexts> above this component");
  return texts;
}
