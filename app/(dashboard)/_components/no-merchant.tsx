import { getTranslations } from "next-intl/server";
import { Logo } from "@/app/_components/logo";
import { InvitationsSection } from "./invitations-lazy";
import { SignOutButton } from "./sign-out-button";

/** A signed-in user who belongs to no merchant (e.g. removed from the team), with any invitations. */
export async function NoMerchant({ name }: { name: string }) {
  const t = await getTranslations("noMerchant");
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-4 text-center">
      <Logo className="size-10" />
      <h1 className="text-xl font-semibold">{t("title", { name })}</h1>
      <p className="text-muted-foreground max-w-md text-sm">{t("body")}</p>
      <InvitationsSection />
      <SignOutButton />
    </main>
  );
}
