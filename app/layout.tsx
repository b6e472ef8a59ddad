import type { Metadata, Viewport } from "next";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { messagesVersion } from "./_i18n/messages";
import { resolveLocale } from "./_i18n/request";
import { SandboxBanner } from "./_components/sandbox-banner";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return {
    title: { default: t("name"), template: `%s · ${t("name")}` },
    description: t("tagline"),
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f766e" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await resolveLocale();
  return (
    // data-messages: the catalogue's version, in the address of the sentences a part loaded
    // later fetches (lazyWithMessages), so a release that changes them is never served stale.
    <html lang={locale} data-messages={messagesVersion(locale)}>
      <body className="min-h-dvh">
        {/* No client provider here: the console's data layer, toasts and messages are in its own
            layouts ((dashboard), (auth)), and a customer's page loads none of them (its words
            are said by the server; see app/_trpc/pay-client.ts and app/_i18n/customer-errors.ts).
            No stylesheet either: the console's layouts load globals.css, the customer's pages
            and the not-found page the smaller customer.css. */}
        {/* Every page, console and customer's alike, when SANDBOX=1. */}
        <SandboxBanner />
        {children}
      </body>
    </html>
  );
}
