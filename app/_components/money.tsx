"use client";

import { useLocale } from "@/app/_i18n/client-intl";
import { MoneyText } from "./money-text";

/** An amount in minor units shown in the user's locale with its currency, exactly (no floats). */
export function Money(props: { minor: bigint; currency: string; className?: string }) {
  return <MoneyText {...props} locale={useLocale()} />;
}
