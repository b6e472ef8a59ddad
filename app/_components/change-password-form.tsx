"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { Button } from "@/app/_components/ui/button";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useHydrated } from "@/app/_lib/use-hydrated";
import { minPasswordLength } from "@/server/auth/password-rule";

/** Current password, new password twice. Other devices are signed out by the server. */
export function ChangePasswordForm({
  onChanged,
  submitLabel,
}: {
  onChanged: (signedOutSessions: number) => void;
  submitLabel?: string;
}) {
  const t = useTranslations("account");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const fieldErrorsOf = useFieldErrors();
  const hydrated = useHydrated();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: (result) => onChanged(result.signedOutSessions),
      onError: (err) => {
        const fields = fieldErrorsOf(err);
        setErrors(fields);
        setFormError(Object.keys(fields).length > 0 ? null : errorMessage(err));
      },
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const currentPassword = String(form.get("currentPassword") ?? "");
    const newPassword = String(form.get("newPassword") ?? "");
    setFormError(null);
    if (newPassword !== String(form.get("confirmPassword") ?? "")) {
      setErrors({ confirmPassword: t("passwordsDiffer") });
      return;
    }
    setErrors({});
    change.mutate({ currentPassword, newPassword }, { onSuccess: () => formElement.reset() });
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <Field id="currentPassword" label={t("currentPassword")} error={errors.currentPassword}>
        <Input
          id="currentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          {...invalidProps(errors, "currentPassword")}
        />
      </Field>
      <Field
        id="newPassword"
        label={t("newPassword")}
        hint={t("newPasswordHint", { minPasswordLength })}
        error={errors.newPassword}
      >
        <Input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={minPasswordLength}
          required
          {...invalidProps(errors, "newPassword")}
        />
      </Field>
      <Field id="confirmPassword" label={t("confirmPassword")} error={errors.confirmPassword}>
        <Input
          id="confirmPassword"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          {...invalidProps(errors, "confirmPassword")}
        />
      </Field>
      {formError ? (
        <p role="alert" className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm">
          {formError}
        </p>
      ) : null}
      <Button type="submit" disabled={!hydrated || change.isPending} className="self-start">
        {change.isPending ? <LoaderCircleIcon className="animate-spin" /> : null}
        {submitLabel ?? t("changePassword")}
      </Button>
    </form>
  );
}
