import { TicketXIcon } from "@/app/_components/server-icons";
import { getTranslations } from "next-intl/server";
import { CustomerFrame } from "@/app/pay/[token]/_components/customer-frame";

/** An unknown or mistyped receipt link. */
export default async function ReceiptNotFound() {
  const t = await getTranslations("voucherReceipt.notFound");
  return (
    <CustomerFrame>
      <div className="bg-card mt-8 flex flex-col items-center gap-3 rounded-2xl border px-5 py-10 text-center shadow-sm">
        <TicketXIcon aria-hidden className="text-muted-foreground size-10" />
        <h1 className="text-xl font-semibold">{t("heading")}</h1>
        <p className="text-muted-foreground text-sm">{t("body")}</p>
      </div>
    </CustomerFrame>
  );
}
