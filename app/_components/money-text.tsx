import { formatMinor } from "@/server/money/minor-units";

/** An amount in minor units in `locale` with its currency, exactly (no floats); no hooks. */
export function MoneyText({
  minor,
  currency,
  locale,
  className,
}: {
  minor: bigint;
  currency: string;
  locale: string;
  className?: string;
}) {
  return (
    <span className={className ? `tabular-nums ${className}` : "tabular-nums"}>
      {formatMinor(minor, currency, locale)}
    </span>
  );
}
