import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/app/_components/language-switch";
import { Logo } from "@/app/_components/logo";
import { currentUser } from "@/server/trpc/server-caller";
import { FirstPasswordForm } from "./first-password-form";

export async function generateMetadata() {
  const t = await getTranslations("account");
  return { title: t("mustChangeTitle") };
}

/** Where a person whose password someone else chose is sent until they choose their own. */
export default async function ChangePasswordPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  if (!user.mustChangePassword) redirect("/account");
  const t = await getTranslations("account");

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-10">
      <div className="absolute top-3 right-3">
        <LanguageSwitch signedIn />
      </div>
      <div className="flex flex-col items-center gap-2 text-center">
        <Logo className="size-12" />
        <h1 className="text-2xl font-semibold">{t("mustChangeTitle")}</h1>
        <p className="text-muted-foreground max-w-sm text-sm">
          {t("mustChangeBody", { name: user.name })}
        </p>
      </div>
      <div className="bg-card w-full max-w-sm rounded-xl border p-6 shadow-xs">
        <FirstPasswordForm />
      </div>
    </main>
  );
}
