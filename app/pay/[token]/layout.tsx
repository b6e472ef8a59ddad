import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { buttonClass } from "@/app/_components/ui/button-class";
import { LoadErrorTexts } from "./_components/load-error-texts";
import "@/app/customer.css";

/** The pay page's words are said by the server; only its error boundary's are handed down. */
export default async function PayLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations("pay.loadError");
  return (
    <LoadErrorTexts
      texts={{
        heading: t("heading"),
        body: t("body"),
        retry: t("retry"),
        retryClass: buttonClass(),
      }}
    >
      {children}
    </LoadErrorTexts>
  );
}
