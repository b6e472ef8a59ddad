"use client";

import { useMutation } from "@tanstack/react-query";
import { KeyRoundIcon, LoaderCircleIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
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
import { Input } from "@/app/_components/ui/input";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

/** The owner sets a temporary password; the member chooses their own at the next sign-in. */
export function ResetPasswordDialog({
  member,
  onReset,
}: {
  member: { membershipId: string; name: string };
  onReset: () => void;
}) {
  const t = useTranslations("team");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const fieldErrorsOf = useFieldErrors();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const reset = useMutation(
    trpc.team.resetPassword.mutationOptions({
      onSuccess: (r) => {
        toast.success(t("resetDone", { name: member.name, count: r.signedOutSessions }));
        setOpen(false);
        onReset();
      },
      onError: (err) => {
        const fields = fieldErrorsOf(err);
        setErrors(fields);
        setFormError(Object.keys(fields).length > 0 ? null : errorMessage(err));
      },
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setErrors({});
    setFormError(null);
    reset.mutate({
      membershipId: member.membershipId,
      temporaryPassword: String(form.get("temporaryPassword") ?? ""),
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
        <Button
          variant="ghost"
          size="icon"
          aria-label={t("resetPasswordNamed", { name: member.name })}
          title={t("resetPassword")}
        >
          <KeyRoundIcon />
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tCommon("close")}>
        <DialogHeader>
          <DialogTitle>{t("resetTitle", { name: member.name })}</DialogTitle>
          <DialogDescription>{t("resetBody", { name: member.name })}</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
          <Field
            id="temporaryPassword"
            label={t("temporaryPassword")}
            hint={t("temporaryPasswordHint")}
            error={errors.temporaryPassword}
          >
            <Input
              id="temporaryPassword"
              name="temporaryPassword"
              type="text"
              autoComplete="off"
              minLength={8}
              required
              {...invalidProps(errors, "temporaryPassword")}
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
            <Button type="submit" disabled={reset.isPending}>
              {reset.isPending ? <LoaderCircleIcon className="animate-spin" /> : null}
              {t("resetSubmit")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
