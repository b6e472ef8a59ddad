"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { CurrencyPicker } from "@/app/_components/currency-picker";
import { TimeZonePicker } from "@/app/_components/time-zone-picker";
import { Button } from "@/app/_components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { localeNames, locales, type Locale } from "@/app/_i18n/config";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

interface Values {
  name: string;
  timeZone: string;
  defaultCurrency: string;
  locale: Locale;
}

export function MerchantSettingsForm(props: { initial: Values; canEdit: boolean }) {
  const t = useTranslations("settings");
  const router = useRouter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const fieldErrorsOf = useFieldErrors();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const update = useMutation(
    trpc.merchant.updateSettings.mutationOptions({
      onSuccess: () => {
        setFieldErrors({});
        toast.success(t("saved"));
        router.refresh();
      },
      onError: (err) => {
        setFieldErrors(fieldErrorsOf(err));
        toast.error(errorMessage(err));
      },
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    update.mutate({
      name: String(form.get("name") ?? ""),
      timeZone: String(form.get("timeZone") ?? ""),
      defaultCurrency: String(form.get("defaultCurrency") ?? ""),
      locale: String(form.get("locale") ?? "") as Locale,
    });
  }

  const disabled = !props.canEdit || update.isPending;
  const invalid = (name: string) => invalidProps(fieldErrors, name);

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("profileTitle")}</CardTitle>
        <CardDescription>{props.canEdit ? t("profileHint") : t("readOnlyHint")}</CardDescription>
      </CardHeader>
      {/* Two columns when the card has the room, not the window (an upright tablet's sidebar
          leaves half of it too narrow for a time zone's name). */}
      <CardContent className="@container">
        <form onSubmit={onSubmit} className="grid gap-5 @lg:grid-cols-2">
          <div className="@lg:col-span-2">
            <Field id="name" label={t("name")} error={fieldErrors.name}>
              <Input
                id="name"
                name="name"
                defaultValue={props.initial.name}
                required
                maxLength={100}
                disabled={disabled}
                {...invalid("name")}
              />
            </Field>
          </div>
          <Field
            id="timeZone"
            label={t("timeZone")}
            hint={t("timeZoneHint")}
            error={fieldErrors.timeZone}
          >
            <TimeZonePicker
              id="timeZone"
              name="timeZone"
              defaultValue={props.initial.timeZone}
              disabled={disabled}
              {...invalid("timeZone")}
            />
          </Field>
          <Field
            id="defaultCurrency"
            label={t("currency")}
            hint={t("currencyHint")}
            error={fieldErrors.defaultCurrency}
          >
            <CurrencyPicker
              id="defaultCurrency"
              name="defaultCurrency"
              defaultValue={props.initial.defaultCurrency}
              disabled={disabled}
              {...invalid("defaultCurrency")}
            />
          </Field>
          <Field id="locale" label={t("locale")} hint={t("localeHint")} error={fieldErrors.locale}>
            <NativeSelect
              id="locale"
              name="locale"
              defaultValue={props.initial.locale}
              disabled={disabled}
            >
              {locales.map((l) => (
                <option key={l} value={l}>
                  {localeNames[l]}
                </option>
              ))}
            </NativeSelect>
          </Field>
          {props.canEdit ? (
            <div className="flex items-end justify-end @lg:col-span-2">
              <Button type="submit" disabled={update.isPending}>
                {update.isPending ? <LoaderCircleIcon className="animate-spin" /> : null}
                {t("save")}
              </Button>
            </div>
          ) : null}
        </form>
      </CardContent>
    </Card>
  );
}
