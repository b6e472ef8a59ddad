"use client";

import { WalletIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { buttonVariants } from "@/app/_components/ui/button";
import type { PayView } from "../_lib/pay-state";
import { PageQr } from "./page-qr";

/**
 * How to pay while the request is open. The sandbox wallet is a page of this server, so it
 * gets a real button; the real wallets (connected later) are paid by scanning, so the page
 * shows its own QR code and says so, with nothing to tap that would only pretend.
 */
export function OpenActions({
  token,
  kind,
  methodLabel,
}: {
  token: string;
  kind: PayView["methodKind"];
  methodLabel: string;
}) {
  const t = useTranslations("pay");
  if (kind === "sandbox") {
    return (
      <div className="flex flex-col gap-3">
        <Link
          href={`/sandbox/${token}`}
          className={buttonVariants({
            size: "lg",
            className: "h-auto min-h-12 w-full py-3 text-balance whitespace-normal",
          })}
        >
          <WalletIcon aria-hidden />
          {t("payWith", { method: methodLabel })}
        </Link>
        <p className="text-muted-foreground text-center text-xs">{t("sandboxHint")}</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col items-center gap-3 text-center">
      <PageQr />
      <p className="text-sm">{t("scanWith", { method: methodLabel })}</p>
    </div>
  );
}
