import { ShieldAlertIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { getTranslations } from "next-intl/server";
import { buttonVariants } from "@/app/_components/ui/button";

/** Shown when a role opens an area it may not use (e.g. a cashier typing /team). */
export async function NoAccess() {
  const t = await getTranslations("noAccess");
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-3 py-16 text-center">
      <ShieldAlertIcon className="text-muted-foreground size-10" aria-hidden />
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="text-muted-foreground text-sm">{t("body")}</p>
      <PlainLink href="/" className={buttonVariants({ variant: "outline" })}>
        {t("back")}
      </PlainLink>
    </div>
  );
}
