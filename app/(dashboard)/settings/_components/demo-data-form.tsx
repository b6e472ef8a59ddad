"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { minPasswordLength } from "@/server/auth/password-rule";

/**
 * Deleting the demo history and the demo people, keeping the shop: typing the shop's name is
 * the confirmation. Loaded when the owner asks for it (DemoDataCard); the first field takes
 * the focus, as the button that opened the form is gone.
 */
export function DemoDataForm({
  shopName,
  signedInAsDemoAccount,
}: {
  shopName: string;
  signedInAsDemoAccount: boolean;
}) {
  const t = useTranslations("demoData");
  const router = useRouter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const fieldErrorsOf = useFieldErrors();
  const [typed, setTyped] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  // Busy until the page without the demo is in: a second tap would be refused as no demo shop.
  const [navigating, startNavigation] = useTransition();
  const remove = useMutation(
    trpc.merchant.removeDemoData.mutationOptions({
      onSuccess: (result) => {
        toast.success(t("done", { orders: result.deletedOrders }));
        startNavigation(() => {
          if (result.signedOut) router.replace("/sign-in");
          router.refresh();
        });
      },
      onError: (err) => {
        setErrors(fieldErrorsOf(err));
        setFormError(errorMessage(err));
      },
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const optional = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    setErrors({});
    setFormError(null);
    remove.mutate({
      confirmName: typed,
      ownerEmail: signedInAsDemoAccount ? optional("ownerEmail") : undefined,
      ownerName: signedInAsDemoAccount ? optional("ownerName") : undefined,
      ownerPassword: signedInAsDemoAccount ? String(form.get("ownerPassword") ?? "") : undefined,
    });
  }

  const confirmed = typed.trim() === shopName.trim();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => formRef.current?.querySelector("input")?.focus(), []);

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate ref={formRef}>
      {signedInAsDemoAccount ? (
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-sm">{t("ownAccount")}</legend>
          <Field id="ownerEmail" label={t("ownerEmail")} error={errors.ownerEmail}>
            <Input
              id="ownerEmail"
              name="ownerEmail"
              type="email"
              autoComplete="username"
              required
              {...invalidProps(errors, "ownerEmail")}
            />
          </Field>
          <Field id="ownerName" label={t("ownerName")} error={errors.ownerName}>
            <Input
              id="ownerName"
              name="ownerName"
              autoComplete="name"
              maxLength={100}
              {...invalidProps(errors, "ownerName")}
            />
          </Field>
          <Field
            id="ownerPassword"
            label={t("ownerPassword")}
            hint={t("passwordHint", { minPasswordLength })}
            error={errors.ownerPassword}
          >
            <Input
              id="ownerPassword"
              name="ownerPassword"
              type="password"
              autoComplete="new-password"
              minLength={minPasswordLength}
              required
              {...invalidProps(errors, "ownerPassword")}
            />
          </Field>
        </fieldset>
      ) : null}
      <Field
        id="confirmName"
        label={t("confirmLabel", { name: shopName })}
        error={errors.confirmName}
      >
        <Input
          id="confirmName"
          name="confirmName"
          autoComplete="off"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          {...invalidProps(errors, "confirmName")}
        />
      </Field>
      {formError ? (
        <p role="alert" className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm">
          {formError}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button
          type="submit"
          variant="destructive"
          disabled={!confirmed || remove.isPending || navigating}
        >
          {remove.isPending || navigating ? <LoaderCircleIcon className="animate-spin" /> : null}
          {t("submit")}
        </Button>
      </div>
    </form>
  );
}
