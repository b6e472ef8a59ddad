import { PlainLink } from "@/app/_components/plain-link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LanguageMenu } from "@/app/_components/language-menu";
import { Logo } from "@/app/_components/logo";
import { env } from "@/env";
import { serverCaller } from "@/server/trpc/server-caller";
import { RestoreForm } from "./restore-form";

export async function generateMetadata() {
  const t = await getTranslations("setupRestore");
  return { title: t("title") };
}

/**
 * The guarded restore of a new install: only while it has no shop, only with the setup token,
 * and only on the embedded database (PostgreSQL restores into a new database from the shell).
 */
export default async function SetupRestorePage() {
  const { needsSetup } = await (await serverCaller()).setup.status();
  if (!needsSetup) notFound();
  const t = await getTranslations("setupRestore");

  return (
    <main className="flex min-h-dvh flex-col items-center gap-6 px-4 py-10">
      <div className="absolute top-3 right-3">
        <LanguageMenu />
      </div>
      <div className="flex flex-col items-center gap-2 text-center">
        <Logo className="size-12" />
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <p className="text-muted-foreground max-w-md text-sm">{t("subheading")}</p>
      </div>
      <div className="bg-card w-full max-w-xl rounded-xl border p-6 shadow-xs">
        {env.engine === "pglite" ? (
          <RestoreForm />
        ) : (
          <div className="flex flex-col gap-3 text-sm">
            <p>{t("postgresHint")}</p>
            <pre className="bg-muted overflow-x-auto rounded-md px-3 py-2 font-mono text-xs">
              npm run restore -- hexiao-….backup
            </pre>
          </div>
        )}
      </div>
      <PlainLink href="/setup" className="text-primary text-sm underline-offset-4 hover:underline">
        {t("backToSetup")}
      </PlainLink>
    </main>
  );
}
