import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/app/_components/language-switch";
import { Logo } from "@/app/_components/logo";
import { currentUser, serverCaller } from "@/server/trpc/server-caller";
import { RequiredTwoFactor } from "./required-two-factor";

export async function generateMetadata() {
  const t = await getTranslations("twoFactor");
  return { title: t("requiredTitle") };
}

/** Where a person is sent while their shop asks their role for a second factor they lack. */
export default async function TwoFactorSetupPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  if (user.mustChangePassword) redirect("/change-password");
  const me = await (await serverCaller()).me.get();
  if (!me.merchant?.twoFactorRequired || user.twoFactorEnabled) redirect("/");
  const t = await getTranslations("twoFactor");

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-10">
      <div className="absolute top-3 right-3">
        <LanguageSwitch signedIn />
      </div>
      <div className="flex flex-col items-center gap-2 text-center">
        <Logo className="size-12" />
        <h1 className="text-2xl font-semibold">{t("requiredTitle")}</h1>
        <p className="text-muted-foreground max-w-md text-sm">
          {t("requiredBody", { shop: me.merchant.merchantName })}
        </p>
      </div>
      <div className="bg-card w-full max-w-md rounded-xl border p-6 shadow-xs">
        <RequiredTwoFactor />
      </div>
    </main>
  );
}
