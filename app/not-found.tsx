import { getTranslations } from "next-intl/server";
import { PlainLink } from "@/app/_components/plain-link";
import { buttonVariants } from "@/app/_components/ui/button";

export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="text-muted-foreground text-sm">{t("body")}</p>
      {/* Not next/link: every page renders this one as its fallback, so its script would be
          on every page, the customer's included (see PlainLink). */}
      <PlainLink href="/" className={buttonVariants({ variant: "outline" })}>
        {t("home")}
      </PlainLink>
    </main>
  );
}
