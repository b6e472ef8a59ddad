import { formatMinor } from "@/server/money/minor-units";

/** 60 bp → "0.60" (percent with two decimals), by integer arithmetic. */
export function bpsToPercent(bps: number): string {
  return `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, "0")}`;
}

/**
 * A typed percentage ("0.6", "0.60", "2.9 %", "０．６") → whole basis points, or null when it
 * has more than two decimals or is outside 0–100 %. 1 bp = 0.01 %.
 */
export function percentToBps(text: string): number | null {
  const clean = text.normalize("NFKC").replace(/[%\s]/g, "").replace("。", ".");
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(clean);
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bps <= 10_000 ? bps : null;
}

/** "0.60% + ¥0.00" — the list rate and the fixed part, as a provider's price list writes it. */
export function describeFee(
  rule: { feeRateBps: number; feeFixedMinor: bigint },
  currency: string,
  locale: string,
): string {
  return `${bpsToPercent(rule.feeRateBps)}% + ${formatMinor(rule.feeFixedMinor, currency, locale)}`;
}
