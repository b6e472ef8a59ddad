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

export type MethodFormValues = z.input<ReturnType<typeof methodForm>>;
export const refundFeeRules = method.refundFeeRule.unwrap().options;
