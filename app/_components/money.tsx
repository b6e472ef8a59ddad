"use client";

import { useLocale } from "next-intl";
import { formatMinor } from "@/server/money/currency";

/** An amount in minor units shown in the user's locale with its currency, exactly (no floats). */
export function Money({
  minor,
  currency,
  className,
}: {
  minor: bigint;
  currency: string;
  className?: string;
}) {
  const locale = useLocale();
  return (
    <span className={className ? `tabular-nums ${className}` : "tabular-nums"}>
      {formatMinor(minor, currency, locale)}
    </span>
  );
}
