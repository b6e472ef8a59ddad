import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LanguageMenu } from "@/app/_components/language-menu";
import { Logo } from "@/app/_components/logo";
import { env } from "@/env";
import { demoAccounts, demoPassword } from "@/server/demo/demo-accounts";
import { currentUser, serverCaller } from "@/server/trpc/server-caller";
import { PlainLink } from "@/app/_components/plain-link";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata() {
  const t = await getTranslations("signIn");
  return { title: t("title") };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ expired?: string }>;
}) {
  if (await currentUser()) redirect("/");
  const t = await getTranslations("signIn");
  const tRole = await getTranslations("roles");
  const tSetup = await getTranslations("setup");
  const { expired } = await searchParams;
  const install = await (await serverCaller()).setup.status();

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-10">
      <div className="absolute top-3 right-3">
        <LanguageMenu />
      </div>
      <div className="flex flex-col items-center gap-2 text-center">
        <Logo className="size-12" />
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <p className="text-muted-foreground max-w-sm text-sm">{t("subheading")}</p>
      </div>
      <div className="bg-card w-full max-w-sm rounded-xl border p-6 shadow-xs">
        {expired ? (
          <p role="status" className="bg-muted mb-4 rounded-md px-3 py-2 text-sm">
            {t("sessionExpired")}
          </p>
        ) : null}
        <SignInForm />
      </div>
      {install.needsSetup ? (
        <section
          aria-labelledby="setup-heading"
          className="w-full max-w-sm rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
        >
          <h2 id="setup-heading" className="font-medium">
            {tSetup("signInHeading")}
          </h2>
          <p className="mt-1">{tSetup("signInHint")}</p>
          <PlainLink
            href="/setup"
            className="mt-3 inline-block font-medium underline underline-offset-4"
          >
            {tSetup("signInLink")}
          </PlainLink>
        </section>
      ) : null}
      {env.demo && install.hasDemoAccounts ? (
        <section
          aria-labelledby="demo-heading"
          className="bg-muted/50 w-full max-w-sm rounded-xl border border-dashed p-4 text-sm"
        >
          <h2 id="demo-heading" className="font-medium">
            {t("demoHeading")}
          </h2>
          <p className="text-muted-foreground mt-1">{t("demoHint", { password: demoPassword })}</p>
          <ul className="mt-3 space-y-1.5">
            {demoAccounts.map((a) => (
              <li key={a.email} className="flex flex-wrap items-baseline justify-between gap-x-3">
                <span className="font-medium">{tRole(a.role)}</span>
                <code className="text-xs break-all">{a.email}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
