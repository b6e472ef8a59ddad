import { TRPCError } from "@trpc/server";
import { ArrowLeftIcon, LoaderCircleIcon } from "@/app/_components/server-icons";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { cache } from "react";
import { MoneyText } from "@/app/_components/money-text";
import { buttonClass } from "@/app/_components/ui/button-class";
import { fieldBoxClass } from "@/app/_components/ui/field-class";
import { customerErrorTexts } from "@/app/_i18n/customer-errors";
import { sandboxOutcomes } from "@/server/connectors/sandbox/sandbox-outcomes";
import { serverCaller } from "@/server/trpc/server-caller";
import { SandboxWallet } from "./_components/sandbox-wallet";
import { WalletFrame } from "./_components/wallet-frame";
import { pretendBalance } from "./_lib/balance";

const loadCheckout = cache(async (token: string) => {
  if (token.length < 10 || token.length > 64) return null;
  try {
    const checkout = await (await serverCaller()).pay.sandboxCheckout({ token });
    // The server's clock at reading: the page's countdown starts from it.
    return { checkout, readAt: Date.now() };
  } catch (err) {
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST"))
      return null;
    throw err;
  }
});

type Props = { params: Promise<{ token: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("sandbox");
  return { title: t("title"), robots: { index: false, follow: false } };
}

/** The built-in sandbox wallet: it plays the provider, so the whole flow runs without an account. */
export default async function SandboxWalletPage({ params }: Props) {
  const { token } = await params;
  const loaded = await loadCheckout(token);
  if (!loaded) notFound();
  const { checkout, readAt } = loaded;
  const t = await getTranslations("sandbox");
  const tErrors = await getTranslations("errors");
  const locale = await getLocale();
  const closedAtLoad =
    checkout.walletOutcome !== null
      ? tErrors("walletAlreadyUsed")
      : !(checkout.status === "created" || checkout.status === "pending") ||
          checkout.expiresAt.getTime() <= readAt
        ? tErrors("payLinkClosed")
        : null;
  return (
    <WalletFrame>
      <div className="flex flex-col gap-4">
        <section
          aria-label={t("paymentLabel")}
          className="flex flex-col items-center gap-1 rounded-2xl bg-white px-5 py-6 text-center shadow-sm"
        >
          <p className="text-sm text-slate-600">{t("payTo")}</p>
          <p className="text-lg font-semibold">{checkout.merchantName}</p>
          <MoneyText
            locale={locale}
            minor={checkout.amountMinor}
            currency={checkout.currency}
            className="mt-2 max-w-full text-4xl font-semibold tracking-tight [overflow-wrap:anywhere]"
          />
          <p className="mt-1 text-xs text-slate-600">
            {t("orderNumber", { number: checkout.orderNumber })}
          </p>
        </section>
        <SandboxWallet
          key={token}
          token={token}
          closedAtLoad={closedAtLoad}
          texts={{
            balance: t("balance"),
            pin: t("pin"),
            pinHint: t("pinHint"),
            outcome: t("outcome"),
            outcomeHint: t("outcomeHint"),
            confirm: t("confirm"),
            returning: t("returning"),
            backToShop: t("backToShop"),
            outcomes: sandboxOutcomes.map((value) => ({
              value,
              label: t(`outcomes.${value}`),
              hint: t(`outcomeHints.${value}`),
              result: t(`result.${value}`),
            })),
          }}
          errors={await customerErrorTexts(["invalidValue", "pinFormat"])}
          balance={
            <MoneyText
              locale={locale}
              minor={pretendBalance(checkout.amountMinor, checkout.currency)}
              currency={checkout.currency}
              className="font-medium"
            />
          }
          classes={{
            pin: `h-12 ${fieldBoxClass} text-center text-xl tracking-[0.6em] md:text-xl`,
            confirm: buttonClass(
              null,
              "lg",
              "w-full bg-indigo-600 text-white shadow-xs hover:bg-indigo-700",
            ),
            back: buttonClass("outline", "lg", "w-full"),
          }}
          icons={{
            back: <ArrowLeftIcon aria-hidden />,
            busy: <LoaderCircleIcon aria-hidden className="animate-spin" />,
          }}
        />
      </div>
    </WalletFrame>
  );
}
