"use client";

import { LoaderCircleIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent, type ReactNode } from "react";
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

/**
 * A dialog that changes one thing of a member (a temporary password, a name): an icon button,
 * a title and a warning, one field, the server's field errors under it and other errors above
 * the button.
 */
export function MemberFieldDialog(props: {
  icon: ReactNode;
  triggerLabel: string;
  triggerTitle: string;
  title: string;
  body: string;
  field: { name: string; label: string; hint?: string; type?: string; defaultValue?: string };
  submitLabel: string;
  pending: boolean;
  /** Rejects with the server's error, shown in the dialog; resolves when done (it closes). */
  submit: (value: string) => Promise<unknown>;
}) {
  const tCommon = useTranslations("common");
  const errorMessage = useErrorMessage();
  const fieldErrorsOf = useFieldErrors();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const { field } = props;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get(field.name) ?? "");
    setErrors({});
    setFormError(null);
    props.submit(value).then(
      () => setOpen(false),
      (err: unknown) => {
        const fields = fieldErrorsOf(err);
        setErrors(fields);
        setFormError(Object.keys(fields).length > 0 ? null : errorMessage(err));
      },
    );
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
          aria-label={props.triggerLabel}
          title={props.triggerTitle}
        >
          {props.icon}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tCommon("close")}>
        <DialogHeader>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogDescription>{props.body}</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
          <Field id={field.name} label={field.label} hint={field.hint} error={errors[field.name]}>
            <Input
              id={field.name}
              name={field.name}
              type={field.type ?? "text"}
              defaultValue={field.defaultValue}
              autoComplete="off"
              required
              {...invalidProps(errors, field.name)}
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
            <Button type="submit" disabled={props.pending}>
              {props.pending ? <LoaderCircleIcon className="animate-spin" /> : null}
              {props.submitLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
