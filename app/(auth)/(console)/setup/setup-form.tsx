"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { CurrencyPicker } from "@/app/_components/currency-picker";
import { TimeZonePicker, useBrowserZone } from "@/app/_components/time-zone-picker";
import { Button } from "@/app/_components/ui/button";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { localeNames, locales, type Locale } from "@/app/_i18n/config";
import { signIn } from "@/app/_lib/auth-client";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useHydrated } from "@/app/_lib/use-hydrated";
import { minPasswordLength } from "@/server/auth/password-rule";

export function SetupForm(props: { locale: Locale }) {
  const t = useTranslations("setup");
  const router = useRouter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const fieldErrorsOf = useFieldErrors();
  const hydrated = useHydrated();
  const browserZone = useBrowserZone();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [zone, setZone] = useState("");
  const [signingIn, setSigningIn] = useState(false);
  const create = useMutation(trpc.setup.create.mutationOptions());

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const get = (name: string) => String(form.get(name) ?? "");
    setError(null);
    if (get("ownerPassword") !== get("confirmPassword")) {
      setFieldErrors({ confirmPassword: t("passwordsDiffer") });
      return;
    }
    const password = get("ownerPassword");
    try {
      const created = await create.mutateAsync({
        token: get("token"),
        shopName: get("shopName"),
        timeZone: get("timeZone"),
        currency: get("currency"),
        locale: get("locale") as Locale,
        storeName: get("storeName"),
        ownerName: get("ownerName"),
        ownerEmail: get("ownerEmail"),
        ownerPassword: password,
      });
      setFieldErrors({});
      setSigningIn(true);
      const signedIn = await signIn(created.ownerEmail, password);
      router.replace(signedIn.ok ? "/" : "/sign-in");
      router.refresh();
    } catch (err) {
      setFieldErrors(fieldErrorsOf(err));
      setError(errorMessage(err));
    }
  }

  const pending = create.isPending || signingIn;
  const invalid = (name: string) => invalidProps(fieldErrors, name);

  return (
    // onSubmit never rejects: it shows every error it meets beside the form.
    <form onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-6">
      <Field id="token" label={t("token")} hint={t("tokenHint")} error={fieldErrors.token}>
        <Input
          id="token"
          name="token"
          required
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          {...invalid("token")}
        />
      </Field>

      <fieldset className="grid gap-5 sm:grid-cols-2">
        <legend className="mb-3 font-medium">{t("shopSection")}</legend>
        <div className="sm:col-span-2">
          <Field id="shopName" label={t("shopName")} error={fieldErrors.shopName}>
            <Input
              id="shopName"
              name="shopName"
              required
              maxLength={100}
              {...invalid("shopName")}
            />
          </Field>
        </div>
        <Field
          id="timeZone"
          label={t("timeZone")}
          hint={
            browserZone
              ? t("timeZoneDetected", { zone: browserZone.replaceAll("_", " ") })
              : t("timeZoneHint")
          }
          error={fieldErrors.timeZone}
        >
          <TimeZonePicker
            id="timeZone"
            name="timeZone"
            defaultValue=""
            placeholder={t("timeZonePlaceholder")}
            onPick={setZone}
            required
            {...invalid("timeZone")}
          />
        </Field>
        <Field
          id="currency"
          label={t("currency")}
          hint={t("currencyHint")}
          error={fieldErrors.currency}
        >
          <CurrencyPicker
            id="currency"
            name="currency"
            defaultValue="CNY"
            followZone={zone}
            {...invalid("currency")}
          />
        </Field>
        <Field id="locale" label={t("locale")} hint={t("localeHint")}>
          <NativeSelect id="locale" name="locale" defaultValue={props.locale}>
            {locales.map((l) => (
              <option key={l} value={l}>
                {localeNames[l]}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field
          id="storeName"
          label={t("storeName")}
          hint={t("storeNameHint")}
          error={fieldErrors.storeName}
        >
          <Input
            id="storeName"
            name="storeName"
            required
            maxLength={100}
            {...invalid("storeName")}
          />
        </Field>
      </fieldset>

      <fieldset className="grid gap-5 sm:grid-cols-2">
        <legend className="mb-3 font-medium">{t("ownerSection")}</legend>
        <Field id="ownerName" label={t("ownerName")} error={fieldErrors.ownerName}>
          <Input
            id="ownerName"
            name="ownerName"
            required
            maxLength={100}
            autoComplete="name"
            {...invalid("ownerName")}
          />
        </Field>
        <Field id="ownerEmail" label={t("ownerEmail")} error={fieldErrors.ownerEmail}>
          <Input
            id="ownerEmail"
            name="ownerEmail"
            type="email"
            required
            autoComplete="username"
            {...invalid("ownerEmail")}
          />
        </Field>
        <Field
          id="ownerPassword"
          label={t("ownerPassword")}
          hint={t("passwordHint", { minPasswordLength })}
          error={fieldErrors.ownerPassword}
        >
          <Input
            id="ownerPassword"
            name="ownerPassword"
            type="password"
            required
            minLength={minPasswordLength}
            autoComplete="new-password"
            {...invalid("ownerPassword")}
          />
        </Field>
        <Field
          id="confirmPassword"
          label={t("confirmPassword")}
          error={fieldErrors.confirmPassword}
        >
          <Input
            id="confirmPassword"
            name="confirmPassword"
            type="password"
            required
            autoComplete="new-password"
            {...invalid("confirmPassword")}
          />
        </Field>
      </fieldset>

      {error ? (
        <p role="alert" className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm">
          {error}
        </p>
      ) : null}
      <Button type="submit" size="lg" disabled={!hydrated || pending}>
        {pending ? <LoaderCircleIcon className="animate-spin" /> : null}
        {t("submit")}
      </Button>
    </form>
  );
}
