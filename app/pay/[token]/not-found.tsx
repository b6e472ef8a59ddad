import { LinkIcon } from "@/app/_components/server-icons";
import { getTranslations } from "next-intl/server";
import { CustomerFrame } from "./_components/customer-frame";

/** An unknown or mistyped pay link: say so kindly, and what to do. */
export default async function PayLinkNotFound() {
  const t = await getTranslations("pay.notFound");
  return (
    <CustomerFrame>
      <div className="bg-card mt-8 flex flex-col items-center gap-3 rounded-2xl border px-5 py-10 text-center shadow-sm">
        <LinkIcon aria-hidden className="text-muted-foreground size-10" />
        <h1 className="text-xl font-semibold">{t("heading")}</h1>
        <p className="text-muted-foreground text-sm">{t("body")}</p>
      </div>
    </CustomerFrame>
  );
}
