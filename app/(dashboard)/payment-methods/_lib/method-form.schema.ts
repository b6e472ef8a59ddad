import { z } from "zod";
import { majorAmount, optionalMajorAmount, typedNumber } from "@/app/_lib/form-schema";
import { createPaymentMethodInput } from "@/server/payments/payment-method.schema";
import { percentToBps } from "./fee";

const method = createPaymentMethodInput.shape;

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

/**
 * The method dialog, its fees typed in major units of `feeCurrency` (the first currency on
 * the form) and the rate in percent, checked with the shapes of the server's method input and,
 * once read, by `createPaymentMethodInput` itself (its min ≤ max rule; an edit keeps the kind).
 */
export function methodForm(feeCurrency: string) {
  return z
    .object({
      kind: method.kind,
      label: method.label,
      enabled: method.enabled,
      mode: method.mode,
      currencies: z.string().transform(currencyList).pipe(method.currencies),
      feeRateBps: z
        .string()
        .transform((text, ctx) => {
          const bps = percentToBps(text);
          if (bps === null) {
            ctx.addIssue({ code: "custom", message: "paymentMethods.form.feeRateInvalid" });
            return z.NEVER;
          }
          return bps;
        })
        .pipe(method.feeRateBps),
      feeFixedMinor: majorAmount(feeCurrency, method.feeFixedMinor),
      feeMinMinor: optionalMajorAmount(feeCurrency, method.feeMinMinor),
      feeMaxMinor: optionalMajorAmount(feeCurrency, method.feeMaxMinor),
      settlementDelayDays: typedNumber(method.settlementDelayDays),
      // Typed in minutes.
      requestTtlSeconds: z.coerce
        .number()
        .transform((minutes) => minutes * 60)
        .pipe(method.requestTtlSeconds),
      refundWindowDays: typedNumber(method.refundWindowDays.unwrap()),
      refundFeeRule: method.refundFeeRule.unwrap(),
    })
    .transform((input): z.input<typeof createPaymentMethodInput> => input)
    .pipe(createPaymentMethodInput);
}

/** The method dialog as typed: text as its inputs hold it, the switch and the choices. */
export interface MethodTyped {
  kind: z.input<typeof method.kind>;
  label: string;
  enabled: boolean;
  mode: z.input<typeof method.mode>;
  currencies: string;
  feeRateBps: string;
  feeFixedMinor: string;
  feeMinMinor: string;
  feeMaxMinor: string;
  settlementDelayDays: string;
  requestTtlSeconds: string;
  refundWindowDays: string;
  refundFeeRule: z.input<ReturnType<typeof method.refundFeeRule.unwrap>>;
}

/** The dialog's check: its fees are read in the first currency typed on the form itself. */
export function checkMethodForm(defaultCurrency: string) {
  return (values: MethodTyped) =>
    methodForm(currencyList(values.currencies)[0] ?? defaultCurrency).safeParse(values);
}
