import { PlainLink } from "@/app/_components/plain-link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { LanguageMenu } from "@/app/_components/language-menu";
import { Logo } from "@/app/_components/logo";
import type { Locale } from "@/app/_i18n/config";
import { serverCaller } from "@/server/trpc/server-caller";
import { SetupForm } from "./setup-form";

export async function generateMetadata() {
  const t = await getTranslations("setup");
  return { title: t("title") };
}

/** First-run setup: exists only while the install has no shop. */
export default async function SetupPage() {
  const { needsSetup } = await (await serverCaller()).setup.status();
  if (!needsSetup) notFound();
  const t = await getTranslations("setup");
  const locale = (await getLocale()) as Locale;

  return (
    <main className="flex min-h-dvh flex-col items-center gap-6 px-4 py-10">
      <div className="absolute top-3 right-3">
        <LanguageMenu />
      </div>
      <div className="flex flex-col items-center gap-2 text-center">
        <Logo className="size-12" />
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <p className="text-muted-foreground max-w-md text-sm">{t("subheading")}</p>
        <PlainLink
          href="/setup/restore"
          className="text-primary text-sm underline-offset-4 hover:underline"
        >
          {t("restoreLink")}
        </PlainLink>
      </div>
      <div className="bg-card w-full max-w-xl rounded-xl border p-6 shadow-xs">
        <SetupForm locale={locale} />
      </div>
    </main>
  );
}
