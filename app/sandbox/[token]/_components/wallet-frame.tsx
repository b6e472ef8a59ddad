import { WalletIcon } from "@/app/_components/server-icons";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LanguageMenu } from "@/app/_components/language-menu";

/**
 * The wallet app's own look (indigo, not the shop's green), so that nobody mistakes it for
 * the shop's page, and its name says on every screen that no real money moves.
 */
export async function WalletFrame({ children }: { children: ReactNode }) {
  const t = await getTranslations("sandbox");
  return (
    <div className="min-h-dvh bg-indigo-50">
      <header className="bg-indigo-700 text-white">
        <div className="mx-auto flex max-w-md items-center justify-between gap-2 py-2 pr-2 pl-4">
          <h1 className="flex min-w-0 items-center gap-2 text-sm font-semibold">
            <WalletIcon aria-hidden className="size-5 shrink-0" />
            {t("appName")}
          </h1>
          <div className="[&_button]:text-white [&_button:hover]:bg-white/15 [&_button:hover]:text-white">
            <LanguageMenu />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-md px-4 pt-4 pb-10">{children}</main>
    </div>
  );
}
