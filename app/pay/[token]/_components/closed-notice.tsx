import { BanIcon, CircleCheckIcon } from "@/app/_components/server-icons";
import { getTranslations } from "next-intl/server";
import type { PayState } from "../_lib/pay-state";

/** The order itself can no longer be paid through this page. */
export async function ClosedNotice({ why }: { why: Extract<PayState, { kind: "closed" }>["why"] }) {
  const t = await getTranslations("pay.closed");
  const Icon = why === "paid" ? CircleCheckIcon : BanIcon;
  return (
    <div className="bg-muted flex gap-3 rounded-lg p-3 text-sm">
      <Icon aria-hidden className="text-muted-foreground mt-0.5 size-5 shrink-0" />
      <p>{t(why)}</p>
    </div>
  );
}
