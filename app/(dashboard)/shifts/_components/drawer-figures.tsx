"use client";

import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { Money } from "@/app/_components/money";
import { cn } from "@/app/_lib/cn";
import { formatMinor, parseMajorToMinor } from "@/server/money/currency";

/** Over, short or even, in words: the sign of a difference is easy to misread. */
export function DifferenceText({
  differenceMinor,
  currency,
  className,
}: {
  differenceMinor: bigint;
  currency: string;
  className?: string;
}) {
  const t = useTranslations("shifts");
  const locale = useLocale();
  const amount = formatMinor(
    differenceMinor < 0n ? -differenceMinor : differenceMinor,
    currency,
    locale,
  );
  return (
    <span
      className={cn(
        "tabular-nums",
        differenceMinor === 0n ? "text-emerald-700" : "text-destructive font-semibold",
        className,
      )}
    >
      {differenceMinor === 0n
        ? t("even")
        : differenceMinor > 0n
          ? t("over", { amount })
          : t("short", { amount })}
    </span>
  );
}

/**
 * The drawer's sum, line by line: float + cash sales − cash refunds − paid-outs = expected,
 * then (once counted) the count and the difference.
 */
export function DrawerFigures({
  currency,
  floatMinor,
  cashSalesMinor,
  cashRefundsMinor,
  paidOutsMinor,
  expectedMinor,
  countedMinor,
}: {
  currency: string;
  floatMinor: bigint;
  cashSalesMinor: bigint;
  cashRefundsMinor: bigint;
  paidOutsMinor: bigint;
  expectedMinor: bigint;
  countedMinor?: bigint | null;
}) {
  const t = useTranslations("shifts.figures");
  const line = (label: string, minor: bigint, sign = "") => (
    <div className="flex items-baseline justify-between gap-4 py-1">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="tabular-nums">
        {sign}
        <Money minor={minor} currency={currency} />
      </dd>
    </div>
  );
  return (
    <dl className="flex flex-col text-base" data-testid="drawer-figures">
      {line(t("float"), floatMinor)}
      {line(t("cashSales"), cashSalesMinor, "+ ")}
      {line(t("cashRefunds"), cashRefundsMinor, "− ")}
      {line(t("paidOuts"), paidOutsMinor, "− ")}
      <div className="mt-1 flex items-baseline justify-between gap-4 border-t pt-2">
        <dt className="font-medium">{t("expected")}</dt>
        <dd>
          <Money minor={expectedMinor} currency={currency} className="text-xl font-bold" />
        </dd>
      </div>
      {countedMinor !== undefined && countedMinor !== null ? (
        <>
          <div className="flex items-baseline justify-between gap-4 py-1">
            <dt className="font-medium">{t("counted")}</dt>
            <dd>
              <Money minor={countedMinor} currency={currency} className="text-xl font-bold" />
            </dd>
          </div>
          <div className="flex items-baseline justify-between gap-4 py-1">
            <dt className="font-medium">{t("difference")}</dt>
            <dd>
              <DifferenceText
                differenceMinor={countedMinor - expectedMinor}
                currency={currency}
                className="text-xl"
              />
            </dd>
          </div>
        </>
      ) : null}
    </dl>
  );
}

/** Reads an amount typed in major units ("12.5"): minor units, null when empty, "invalid". */
export function readAmount(text: string, currency: string): bigint | null | "invalid" {
  if (!text.trim()) return null;
  try {
    return parseMajorToMinor(text, currency);
  } catch {
    return "invalid";
  }
}
