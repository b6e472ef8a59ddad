import type { ReactNode } from "react";
import { LanguageMenu } from "@/app/_components/language-menu";

/** The customer's pages: one narrow column (a phone's width even on a desktop) and the customer's language in a corner. */
export function CustomerFrame({ children }: { children: ReactNode }) {
  return (
    <div className="bg-muted/50 min-h-dvh print:bg-transparent">
      <div className="flex justify-end px-2 pt-2 print:hidden">
        <LanguageMenu />
      </div>
      {/* Names the shop typed (merchant, store, address, items) may hold no space at all:
          "anywhere" (unlike break-words) also lets a table cell or flex item shrink to fit. */}
      <main className="mx-auto w-full max-w-md px-4 pb-10 [overflow-wrap:anywhere]">
        {children}
      </main>
    </div>
  );
}
