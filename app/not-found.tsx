import { getTranslations } from "next-intl/server";
import { buttonVariants } from "@/app/_components/ui/button";
// Shown outside the console's layouts too (an unknown address): the small stylesheet.
import "./customer.css";

export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="text-muted-foreground text-sm">{t("body")}</p>
      {/* A plain link, not next/link nor PlainLink: every page's document carries this view as
          its fallback, so a component with script here would be downloaded by every page. */}
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see above */}
      <a href="/" className={buttonVariants({ variant: "outline" })}>
        {t("home")}
      </a>
    </main>
  );
}
