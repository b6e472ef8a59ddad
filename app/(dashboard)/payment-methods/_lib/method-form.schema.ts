import { z } from "zod";
import { optionalMajorAmount, typedNumber } from "@/app/_lib/form-schema";
import { createPaymentMethodInput, feeAmountsInput } from "@/server/payments/payment-method.schema";
import { percentToBps } from "./fee";
import { amountsBlank, currencyList, type FeeAmountsTyped } from "./fee-amounts";

const method = createPaymentMethodInput.shape;

const amounts = feeAmountsInput.shape;

/**
 * One currency's amounts read in its own minor units (JPY none, CNY two, KWD three decimals);
 * a blank fixed fee beside a minimum or maximum is no fixed fee. Its minimum and maximum are
 * compared as soon as they read, whatever another currency's fields hold.
 */
function amountsIn(currency: string) {
  return z
    .object({
      fixedMinor: optionalMajorAmount(currency, amounts.minMinor).transform((minor) => minor ?? 0n),
      minMinor: optionalMajorAmount(currency, amounts.minMinor),
      maxMinor: optionalMajorAmount(currency, amounts.maxMinor),
    })
    .transform((read): z.input<typeof feeAmountsInput> => read)
    .pipe(feeAmountsInput);
}

/** An amount that does not read is said in the form's own words, its currency and an example filled in by the field. */
const amountIssue = (message: string) =>
  message === "invalidAmount" ? "methodForm.feeAmountInvalid" : message;

/**
 * The method dialog, the rate typed in percent and each currency's amounts in its major units,
 * checked with the shapes of the server's method input and, once read, by
 * `createPaymentMethodInput` itself (its min ≤ max rule; an edit keeps the kind).
 */
export function methodForm() {
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
            ctx.addIssue({ code: "custom", message: "methodForm.feeRateInvalid" });
            return z.NEVER;
          }
          return bps;
        })
        .pipe(method.feeRateBps),
      feeAmounts: z
        .record(
          z.string(),
          z.object({ fixedMinor: z.string(), minMinor: z.string(), maxMinor: z.string() }),
        )
        .transform((typed, ctx) => {
          const read: Record<string, z.output<typeof feeAmountsInput>> = {};
          for (const [currency, a] of Object.entries(typed)) {
            if (amountsBlank(a)) continue;
            const parsed = amountsIn(currency).safeParse(a);
            if (parsed.success) read[currency] = parsed.data;
            else
              for (const issue of parsed.error.issues)
                ctx.addIssue({
                  code: "custom",
                  message: amountIssue(issue.message),
                  path: [currency, ...issue.path],
                });
          }
          return read;
        }),
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
  /** By currency code; kept for a currency struck from the list, sent only for those listed. */
  feeAmounts: Record<string, FeeAmountsTyped>;
  settlementDelayDays: string;
  requestTtlSeconds: string;
  refundWindowDays: string;
  refundFeeRule: z.input<ReturnType<typeof method.refundFeeRule.unwrap>>;
}

/** The dialog's check: the amounts of the currencies listed, each read in its own decimals. */
export function checkMethodForm() {
  const form = methodForm();
  return (values: MethodTyped) => {
    const listed = currencyList(values.currencies);
    const feeAmounts = Object.fromEntries(
      Object.entries(values.feeAmounts).filter(([currency]) => listed.includes(currency)),
    );
    return form.safeParse({ ...values, feeAmounts });
  };
}
