"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { Field } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import type { useCheckedForm } from "@/app/_lib/use-checked-form";
import type { CreatePaymentMethodInput } from "@/server/payments/payment-method.schema";
import {
  amountsBlank,
  blankAmounts,
  currencyList,
  decimalsOf,
  exampleAmount,
  type FeeAmountsTyped,
} from "../_lib/fee-amounts";
import type { MethodTyped } from "../_lib/method-form.schema";

type MethodFormState = ReturnType<typeof useCheckedForm<MethodTyped, CreatePaymentMethodInput>>;

/**
 * The fixed fee, minimum and maximum of each currency the form lists, typed in that currency's
 * own units (¥40 in yen, ¥0.30 in yuan): a group per currency, in the order typed. A currency
 * left blank is charged the rate alone, and its group says so.
 */
export function FeeAmountsFields({ form }: { form: MethodFormState }) {
  const t = useTranslations("methodForm");
  const listed = currencyList(form.values.currencies).flatMap((currency) => {
    const decimals = decimalsOf(currency);
    return decimals === null ? [] : [{ currency, decimals }];
  });
  if (listed.length === 0) return null;

  const setAmount = (currency: string, field: keyof FeeAmountsTyped, text: string) =>
    form.update(`feeAmounts.${currency}.${field}`, (values) => ({
      ...values,
      feeAmounts: {
        ...values.feeAmounts,
        [currency]: { ...(values.feeAmounts[currency] ?? blankAmounts), [field]: text },
      },
    }));

  return (
    <fieldset className="flex min-w-0 flex-col gap-3 sm:col-span-2">
      <legend className="text-sm font-medium">{t("feeAmounts")}</legend>
      <p className="text-muted-foreground -mt-1 text-xs">{t("feeAmountsHint")}</p>
      {listed.map(({ currency, decimals }) => {
        const typed = form.values.feeAmounts[currency] ?? blankAmounts;
        const example = exampleAmount(decimals);
        const noteId = `feeAmounts-${currency}-note`;
        const amount = (field: keyof FeeAmountsTyped, label: string) => {
          const path = `feeAmounts.${currency}.${field}`;
          const described = form.describe(path);
          return (
            <Field
              id={path}
              label={label}
              error={form.errorText(path, { currency, example })}
              variant="tight"
            >
              <Input
                {...described}
                aria-describedby={described["aria-describedby"] ?? noteId}
                value={typed[field]}
                onChange={(e) => setAmount(currency, field, e.target.value)}
                inputMode={decimals === 0 ? "numeric" : "decimal"}
                autoComplete="off"
              />
            </Field>
          );
        };
        return (
          <fieldset
            key={currency}
            className="grid min-w-0 gap-3 rounded-lg border p-3 sm:grid-cols-3"
            data-testid={`fee-amounts-${currency}`}
          >
            <legend className="px-1 text-sm font-medium">{t("feeAmountsIn", { currency })}</legend>
            {amount("fixedMinor", t("feeFixed"))}
            {amount("minMinor", t("feeMin"))}
            {amount("maxMinor", t("feeMax"))}
            <p id={noteId} className="text-muted-foreground text-xs sm:col-span-3">
              {amountsBlank(typed)
                ? t("feeAmountsNotSet", { currency })
                : t("feeAmountsUnits", { currency, decimals, example })}
            </p>
          </fieldset>
        );
      })}
    </fieldset>
  );
}
