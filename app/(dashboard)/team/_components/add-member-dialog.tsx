"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon, UserPlusIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/app/_components/ui/dialog";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { roles, type Role } from "@/server/auth/roles.logic";
import { minPasswordLength } from "@/server/auth/password-rule";

export function AddMemberDialog({ onAdded }: { onAdded: () => void }) {
  const t = useTranslations("team");
  const tRole = useTranslations("roles");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const fieldErrorsOf = useFieldErrors();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const add = useMutation(
    trpc.team.add.mutationOptions({
      // The same words whether the e-mail had an account or not (the server answers alike).
      onSuccess: (_result, input) => {
        toast.success(t("added", { email: input.email.trim().toLowerCase() }));
        setOpen(false);
        onAdded();
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
    setErrors({});
    setFormError(null);
    add.mutate({
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      role: String(form.get("role")) as Role,
      password: String(form.get("password") ?? ""),
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setErrors({});
          setFormError(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <UserPlusIcon />
          {t("add")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tCommon("close")}>
        <DialogHeader>
          <DialogTitle>{t("addTitle")}</DialogTitle>
          <DialogDescription>{t("addHint")}</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
          <Field id="email" label={t("email")} error={errors.email}>
            <Input
              id="email"
              name="email"
              type="email"
              autoComplete="off"
              required
              {...invalidProps(errors, "email")}
            />
          </Field>
          <Field id="name" label={t("name")} hint={t("nameHint")} error={errors.name}>
            <Input
              id="name"
              name="name"
              autoComplete="off"
              maxLength={100}
              {...invalidProps(errors, "name")}
            />
          </Field>
          <Field id="role" label={t("role")} hint={t("roleHint")} error={errors.role}>
            <NativeSelect id="role" name="role" defaultValue="staff">
              {roles.map((r) => (
                <option key={r} value={r}>
                  {tRole(r)}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field
            id="password"
            label={t("password")}
            hint={t("passwordHint", { minPasswordLength })}
            error={errors.password}
          >
            <Input
              id="password"
              name="password"
              type="text"
              autoComplete="new-password"
              minLength={minPasswordLength}
              {...invalidProps(errors, "password")}
            />
          </Field>
          {formError ? (
            <p
              role="alert"
              className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm"
            >
              {formError}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="submit" disabled={add.isPending}>
              {add.isPending ? <LoaderCircleIcon className="animate-spin" /> : null}
              {t("addSubmit")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
