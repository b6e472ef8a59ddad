import { TRPCError } from "@trpc/server";
import { LoaderCircleIcon, PrinterIcon, StarIcon } from "@/app/_components/server-icons";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import QRCode from "qrcode";
import { cache } from "react";
import { PrintButton } from "@/app/_components/print-button";
import { buttonClass } from "@/app/_components/ui/button-class";
import { fieldBoxClass } from "@/app/_components/ui/field-class";
import { isLocale } from "@/app/_i18n/config";
import { countedSentence } from "@/app/_i18n/counted-sentence";
import { customerErrorTexts } from "@/app/_i18n/customer-errors";
import { CustomerFrame } from "@/app/pay/[token]/_components/customer-frame";
import { cn } from "@/app/_lib/cn";
import { Row } from "@/app/pay/[token]/_components/row";
import { formatShopTime } from "@/app/pay/[token]/_lib/format";
import { commentMaxLength } from "@/server/feedback/feedback.schema";
import { formatMinor } from "@/server/money/currency";
import { serverCaller } from "@/server/trpc/server-caller";
import { decodedOrEmpty, formatCode } from "@/server/vouchers/voucher-code.logic";
import { FeedbackOpener } from "./_components/feedback-opener";
import { VoucherState } from "./_components/voucher-state";
import "./receipt-print.css";

const loadReceipt = cache(async (code: string) => {
  try {
    return await (await serverCaller()).receipt.view({ code: decodedOrEmpty(code) });
  } catch (err) {
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST"))
      return null;
    throw err;
  }
});

type Props = { params: Promise<{ code: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations("voucherReceipt");
  const receipt = await loadReceipt((await params).code);
  return {
    title: receipt ? t("title", { merchant: receipt.merchantName }) : t("notFound.title"),
    // The code is the voucher itself: never in a search engine.
    robots: { index: false, follow: false },
  };
}

/** The customer's receipt and e-voucher: what was paid, and the code to show at the counter. */
export default async function ReceiptPage({ params }: Props) {
  const receipt = await loadReceipt((await params).code);
  if (!receipt) notFound();
  const t = await getTranslations("voucherReceipt");
  const locale = await getLocale();
  const when = (at: Date) => formatShopTime(at, locale, receipt.timeZone);
  // The QR holds the bare code: what a scanner gun types into the redeem screen.
  const qr = await QRCode.toString(receipt.code, { type: "svg", margin: 1, width: 200 });
  const money = (minor: bigint) => formatMinor(minor, receipt.currency, locale);

  return (
    <CustomerFrame>
      <article
        data-receipt
        aria-labelledby="receipt-title"
        className="bg-card mt-2 rounded-2xl border shadow-sm"
      >
        <header className="flex flex-col items-center gap-0.5 px-5 pt-6 pb-4 text-center">
          <h1 id="receipt-title" className="text-lg font-semibold">
            {receipt.merchantName}
          </h1>
          <p className="text-muted-foreground text-sm">{receipt.storeName}</p>
          {receipt.storeAddress ? (
            <p className="text-muted-foreground text-xs">{receipt.storeAddress}</p>
          ) : null}
          {receipt.receiptHeader ? (
            <p data-receipt-header className="mt-2 text-sm whitespace-pre-line">
              {receipt.receiptHeader}
            </p>
          ) : null}
          <p className="mt-3 text-sm">{t("heading")}</p>
          <p className="text-3xl font-semibold tabular-nums" data-amount>
            {money(receipt.amountMinor)}
          </p>
        </header>

        {receipt.items.length > 0 ? (
          <table className="w-full border-t text-sm" data-items>
            <caption className="sr-only">{t("items")}</caption>
            <thead className="sr-only">
              <tr>
                <th scope="col">{t("item")}</th>
                <th scope="col">{t("quantity")}</th>
                <th scope="col">{t("lineTotal")}</th>
              </tr>
            </thead>
            <tbody>
              {receipt.items.map((item, i) => (
                <tr key={i}>
                  <td className="py-1 pl-5">{item.name}</td>
                  <td className="text-muted-foreground px-2 py-1 text-right tabular-nums">
                    ×{item.quantity}
                  </td>
                  <td className="py-1 pr-5 text-right tabular-nums">
                    {money(item.unitPriceMinor * BigInt(item.quantity))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}

        <dl className="border-t px-5 py-3 text-sm">
          {receipt.methodLabel ? <Row label={t("method")}>{receipt.methodLabel}</Row> : null}
          {receipt.paidAt ? (
            <Row label={t("paidAt")}>
              <time dateTime={receipt.paidAt.toISOString()}>{when(receipt.paidAt)}</time>
            </Row>
          ) : null}
          <Row label={t("orderNumber")}>
            <span className="font-mono">{receipt.orderNumber}</span>
          </Row>
        </dl>

        {receipt.refunds.length > 0 ? (
          <section
            aria-labelledby="refunds-title"
            className="border-t px-5 py-3 text-sm"
            data-refunds
          >
            <h2 id="refunds-title" className="sr-only">
              {t("refunds")}
            </h2>
            <dl>
              {receipt.refunds.map((r, i) => (
                <Row
                  key={i}
                  label={
                    <time dateTime={r.at.toISOString()}>
                      {t(r.done ? "refunded" : "refunding", { at: when(r.at) })}
                    </time>
                  }
                >
                  <span
                    className={cn(
                      "whitespace-nowrap",
                      r.done ? "font-medium" : "text-muted-foreground",
                    )}
                  >
                    −{formatMinor(r.amountMinor, r.currency, locale)}
                  </span>
                </Row>
              ))}
            </dl>
          </section>
        ) : null}

        <section
          aria-labelledby="voucher-title"
          className="flex flex-col items-center gap-3 border-t border-dashed px-5 py-5 text-center"
        >
          <h2 id="voucher-title" className="text-base font-semibold">
            {t("voucher")}
          </h2>
          <div
            role="img"
            aria-label={t("qrLabel")}
            data-qr
            className="size-44 rounded-lg border bg-white p-2 [&_svg]:size-full"
            // qrcode's own SVG (paths only) of the voucher code.
            dangerouslySetInnerHTML={{ __html: qr }}
          />
          <p className="font-mono text-xl font-semibold tracking-wider" data-code>
            {formatCode(receipt.code)}
          </p>
          <VoucherState
            status={receipt.status}
            usesLeft={receipt.usesLeft}
            usesTotal={receipt.usesTotal}
            expiresAt={receipt.expiresAt ? when(receipt.expiresAt) : null}
            isExpired={receipt.isExpired}
            lastUsedAt={receipt.lastUsedAt ? when(receipt.lastUsedAt) : null}
            voidReason={receipt.voidReason}
            storeOnly={receipt.storeOnly ? receipt.storeName : null}
          />
        </section>

        {receipt.paidAt ? (
          <section className="border-t px-5 py-5 print:hidden" data-feedback>
            <Feedback code={receipt.code} ratedScore={receipt.ratedScore} locale={locale} />
          </section>
        ) : null}

        <footer className="flex flex-col gap-3 border-t px-5 py-5 print:hidden">
          <p className="text-muted-foreground text-center text-sm">{t("showAtCounter")}</p>
          <PrintButton className={buttonClass("outline", "lg", "w-full")}>
            <PrinterIcon aria-hidden />
            {t("print")}
          </PrintButton>
        </footer>
      </article>
    </CustomerFrame>
  );
}

/** The receipt's question, or the score the customer gave already. */
async function Feedback({
  code,
  ratedScore,
  locale,
}: {
  code: string;
  ratedScore: number | null;
  locale: string;
}) {
  const t = await getTranslations("receiptFeedback");
  if (ratedScore !== null) {
    return (
      <p role="status" className="text-center text-sm" data-feedback-done>
        {t("rated", { score: ratedScore })}
      </p>
    );
  }
  return (
    <FeedbackOpener
      label={t("open")}
      className={buttonClass("outline", "lg", "w-full")}
      icon={<StarIcon aria-hidden />}
      code={code}
      locale={isLocale(locale) ? locale : undefined}
      commentMaxLength={commentMaxLength}
      texts={{
        title: t("title"),
        question: t("question"),
        comment: t("comment"),
        private: t("private"),
        pickScore: t("pickScore"),
        thanks: t("thanks"),
        send: t("send"),
        sending: t("sending"),
        scores: [1, 2, 3, 4, 5].map((score) => t("scoreLabel", { score: String(score) })),
        commentHint: countedSentence(locale, (left) => t("commentHint", { left })),
      }}
      errors={await customerErrorTexts()}
      classes={{
        comment: `${fieldBoxClass} resize-y text-base md:text-sm`,
        send: buttonClass("default", "lg", "w-full"),
      }}
      icons={{
        star: <StarIcon aria-hidden className="text-muted-foreground size-9" />,
        starChosen: <StarIcon aria-hidden className="size-9 fill-amber-400 text-amber-500" />,
        busy: <LoaderCircleIcon aria-hidden className="animate-spin" />,
      }}
    />
  );
}
