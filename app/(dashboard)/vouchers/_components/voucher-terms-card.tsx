"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useEffect } from "react";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { Field } from "@/app/_components/ui/field";
import { Checkbox, Input } from "@/app/_components/ui/input";
import { useTRPC } from "@/app/_trpc/client";

/** The voucher's terms as typed on the new-order form (read by the order schema when sent). */
export interface VoucherTerms {
  uses: string;
  validDays: string;
  storeOnly: boolean;
}

/**
 * The voucher the order will get when paid: the merchant's defaults, changeable per order.
 * Its fields join the form once the defaults have loaded (they start from them); before that
 * the order carries no terms and the server applies the defaults. `control` and `errorText`
 * are the form's: a field's control props and its error in the user's language.
 */
export function VoucherTermsCard({
  value,
  onChange,
  control,
  errorText,
}: {
  value: VoucherTerms | undefined;
  onChange: (field: keyof VoucherTerms, terms: VoucherTerms) => void;
  control: (name: string, hint?: string) => object;
  errorText: (name: string) => string | undefined;
}) {
  const t = useTranslations("vouchers.terms");
  const trpc = useTRPC();
  const settings = useQuery(trpc.vouchers.settings.queryOptions());
  const s = settings.data;
  const defaults = s
    ? { uses: String(s.defaultUses), validDays: String(s.validDays ?? ""), storeOnly: s.storeOnly }
    : undefined;
  const terms = value ?? defaults;
  // The defaults become the form's terms as soon as they are in.
  useEffect(() => {
    if (!value && defaults) onChange("uses", defaults);
  });
  if (!terms) return null;
  const change = (field: keyof VoucherTerms, to: string | boolean) =>
    onChange(field, { ...terms, [field]: to });
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5 sm:grid-cols-2">
        <Field
          id="voucher.uses"
          label={t("uses")}
          hint={t("usesHint")}
          error={errorText("voucher.uses")}
        >
          <Input
            {...control("voucher.uses", t("usesHint"))}
            inputMode="numeric"
            value={terms.uses}
            onChange={(e) => change("uses", e.target.value)}
          />
        </Field>
        <Field
          id="voucher.validDays"
          label={t("validDays")}
          hint={t("validDaysHint")}
          error={errorText("voucher.validDays")}
        >
          <Input
            {...control("voucher.validDays", t("validDaysHint"))}
            inputMode="numeric"
            value={terms.validDays}
            onChange={(e) => change("validDays", e.target.value)}
          />
        </Field>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <Checkbox
            name="voucher.storeOnly"
            checked={terms.storeOnly}
            onChange={(e) => change("storeOnly", e.target.checked)}
          />
          {t("storeOnly")}
        </label>
      </CardContent>
    </Card>
  );
}
