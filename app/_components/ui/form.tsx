"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import type { ReactNode } from "react";
import { cn } from "@/app/_lib/cn";
import { ruleValues } from "@/app/_lib/error-sentence";
import { refusedFieldErrors, type RefusedFields } from "@/app/_lib/form-errors";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { Field } from "./field";

/** Marks an error that arrives already in the user's language (a server refusal). */
const translated = "translated";

/**
 * A zod issue's message is a message key: the shared schemas name one under `errors`
 * ("required"), a form's own rule its full key ("orderRefunds.dialog.noteRequired"). Anything
 * else (zod's own English) becomes the generic "not valid", never raw text.
 */
export function useIssueText() {
  const t = useTranslations();
  return (
    error: { message?: string; type?: string } | undefined,
    values?: Record<string, string>,
  ) => {
    const key = error?.message;
    if (!key) return undefined;
    if (error.type === translated) return key;
    if (t.has(`errors.${key}`)) return t(`errors.${key}`, { ...ruleValues, ...values });
    if (t.has(key)) return t(key, values);
    return t("errors.invalidValue");
  };
}

/** What FormField needs of a form (useCheckedForm's): a field's error and its control's props. */
interface BoundFields<Name extends string, Control> {
  errorText(name: Name, messageValues?: Record<string, string>): string | undefined;
  control(name: Name, hint?: string): Control;
}

/**
 * A field of a checked form (app/_lib/use-checked-form.ts): its label, the control (bound to
 * its value, marked invalid and pointed at its error or hint), and the error in the user's
 * language or else the hint.
 */
export function FormField<Name extends string, Control>({
  form,
  name,
  label,
  hint,
  messageValues,
  className,
  labelClassName,
  children,
}: {
  form: BoundFields<Name, Control>;
  name: Name;
  label: string;
  hint?: string;
  /** Values the error message's placeholders take ("at most {max}"). */
  messageValues?: Record<string, string>;
  className?: string;
  labelClassName?: string;
  children: (control: Control) => ReactNode;
}) {
  return (
    <Field
      id={name}
      label={label}
      hint={hint}
      error={form.errorText(name, messageValues)}
      className={className}
      labelClassName={labelClassName}
    >
      {children(form.control(name, hint))}
    </Field>
  );
}

/** What useServerError needs of a form: a way to put an error on a field or on the whole form. */
interface ErrorSetter {
  setError(name: string, error: { type?: "translated"; message: string }): void;
}

/**
 * Puts a refused request on the form: zod's field errors (the server's sentences, or message
 * keys) next to their fields, a DomainError naming a field (a key that does not parse) next to that field, and
 * the sentence for the whole form in `root.server`.
 */
export function useServerError(form: ErrorSetter) {
  const errorMessage = useErrorMessage();
  return (err: unknown) => {
    const data = (
      err as { data?: (RefusedFields & { details?: { field?: unknown } | null }) | null } | null
    )?.data;
    const message = errorMessage(err);
    for (const [name, error] of Object.entries(refusedFieldErrors(data))) {
      form.setError(name, error);
    }
    const field = data?.details?.field;
    if (typeof field === "string") {
      form.setError(field, { type: translated, message });
    }
    form.setError("root.server", { type: translated, message });
  };
}

/** A refusal of the whole form, in the user's language. */
export function ServerAlert({ message, className }: { message?: string; className?: string }) {
  return message ? (
    <p
      role="alert"
      className={cn("bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm", className)}
    >
      {message}
    </p>
  ) : null;
}
