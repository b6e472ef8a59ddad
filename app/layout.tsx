import type { Metadata, Viewport } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SandboxBanner } from "./_components/sandbox-banner";
import { ClientMessages } from "./_i18n/client-messages";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return {
    title: { default: t("name"), template: `%s · ${t("name")}` },
    description: t("tagline"),
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f766e" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-dvh">
        {/* The console's data layer and toasts are in its own layouts ((dashboard), (auth)): a
            customer's page loads none of them (see app/_trpc/pay-client.ts). */}
        <ClientMessages namespaces={[]}>
          {/* Every page, console and customer's alike, when SANDBOX=1. */}
          <SandboxBanner />
          {children}
        </ClientMessages>
      </body>
    </html>
  );
}
