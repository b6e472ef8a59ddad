"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { UseFormReturn } from "react-hook-form";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { FormField } from "@/app/_components/ui/form";
import { Input } from "@/app/_components/ui/input";
import { useTRPC } from "@/app/_trpc/client";
import type { OrderFormValues } from "../../orders/new/_lib/order-form.schema";

/**
 * The voucher the order will get when paid: the merchant's defaults, changeable per order.
 * Its fields join the form once the defaults have loaded (they start from the inputs' own
 * values); before that the order carries no terms and the server applies the defaults.
 */
export function VoucherTermsCard({
  form,
}: {
  form: Pick<UseFormReturn<OrderFormValues>, "register" | "getFieldState" | "formState">;
}) {
  const t = useTranslations("vouchers.terms");
  const trpc = useTRPC();
  const settings = useQuery(trpc.vouchers.settings.queryOptions());
  if (!settings.data) return null;
  const s = settings.data;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5 sm:grid-cols-2">
        <FormField form={form} name="voucher.uses" label={t("uses")} hint={t("usesHint")}>
          {(control) => <Input {...control} inputMode="numeric" defaultValue={s.defaultUses} />}
        </FormField>
        <FormField
          form={form}
          name="voucher.validDays"
          label={t("validDays")}
          hint={t("validDaysHint")}
        >
          {(control) => <Input {...control} inputMode="numeric" defaultValue={s.validDays ?? ""} />}
        </FormField>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input
            type="checkbox"
            {...form.register("voucher.storeOnly")}
            defaultChecked={s.storeOnly}
            className="size-4"
          />
          {t("storeOnly")}
        </label>
      </CardContent>
    </Card>
  );
}
