import { minorDigits } from "@/server/money/minor-units";

/** "cny, usd；HKD" → ["CNY", "USD", "HKD"]: the codes as typed, upper-cased, once each. */
export function currencyList(text: string): string[] {
  return [
    ...new Set(
      text
        .toUpperCase()
        .split(/[\s,，、;；]+/)
        .filter(Boolean),
    ),
  ];
}

/** One currency's fee amounts as typed in the method form, in its major units. */
export interface FeeAmountsTyped {
  fixedMinor: string;
  minMinor: string;
  maxMinor: string;
}

export const blankAmounts: FeeAmountsTyped = { fixedMinor: "", minMinor: "", maxMinor: "" };

/** Whether nothing is typed for a currency: its amounts are not set (the rate alone applies). */
export function amountsBlank(a: FeeAmountsTyped | undefined): boolean {
  return !a || [a.fixedMinor, a.minMinor, a.maxMinor].every((text) => text.trim() === "");
}

/** A currency's decimals, or null for a code that is not a currency one charges in (yet mistyped). */
export function decimalsOf(currency: string): number | null {
  try {
    return minorDigits(currency);
  } catch {
    return null;
  }
}

/** An amount written with a currency's decimals, for the form to show: "12", "12.50", "12.500". */
export function exampleAmount(decimals: number): string {
  return decimals === 0 ? "12" : `12.${"5".padEnd(decimals, "0")}`;
}
