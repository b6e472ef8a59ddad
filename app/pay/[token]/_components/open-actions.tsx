import { WalletIcon } from "@/app/_components/server-icons";
import { getTranslations } from "next-intl/server";
import { PlainLink } from "@/app/_components/plain-link";
import { buttonClass } from "@/app/_components/ui/button-class";
import type { PayView } from "../_lib/pay-state";
import { PageQr } from "./lazy-parts";

/**
 * How to pay while the request is open. The sandbox wallet is a page of this server, so it
 * gets a real button; so does a provider's payment page (PayPal approval, Alipay page pay)
 * or an https QR link (Alipay's qr.alipay.com opens the app on a phone). A code only the
 * wallet app reads (WeChat's weixin://) is shown as a QR to scan; with nothing from the
 * provider, the page shows its own QR code.
 */
export async function OpenActions({
  token,
  kind,
  methodLabel,
  providerQr,
  providerUrl,
}: {
  token: string;
  kind: PayView["methodKind"];
  methodLabel: string;
  providerQr: string | null;
  providerUrl: string | null;
}) {
  const t = await getTranslations("pay");
  const link = providerUrl ?? (providerQr?.startsWith("https://") ? providerQr : null);
  if (kind !== "sandbox" && (link || providerQr)) {
    return (
      <div className="flex flex-col items-center gap-3 text-center">
        {link ? (
          <a
            href={link}
            rel="noopener noreferrer"
            className={buttonClass("default", "lgWrap", "w-full")}
          >
            <WalletIcon aria-hidden />
            {t("payWith", { method: methodLabel })}
          </a>
        ) : null}
        {providerQr ? (
          <>
            <PageQr text={providerQr} label={t("walletQrLabel", { method: methodLabel })} />
            <p className="text-sm">{t("scanWith", { method: methodLabel })}</p>
          </>
        ) : null}
      </div>
    );
  }
  if (kind === "sandbox") {
    return (
      <div className="flex flex-col gap-3">
        <PlainLink
          href={`/sandbox/${token}`}
          className={buttonClass("default", "lgWrap", "w-full")}
        >
          <WalletIcon aria-hidden />
          {t("payWith", { method: methodLabel })}
        </PlainLink>
        <p className="text-muted-foreground text-center text-xs">{t("sandboxHint")}</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col items-center gap-3 text-center">
      <PageQr label={t("qrLabel")} />
      <p className="text-sm">{t("scanWith", { method: methodLabel })}</p>
    </div>
  );
}
