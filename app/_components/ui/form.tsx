"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type {
  FieldError,
  FieldPath,
  FieldValues,
  RegisterOptions,
  UseFormRegisterReturn,
  UseFormReturn,
} from "react-hook-form";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { Field } from "./field";

/** Marks an error that arrives already in the user's language (a server refusal). */
const translated = "translated";

/** The first message of a field's error; an array field (currencies) holds its items' errors. */
function firstError(error: unknown): FieldError | undefined {
  if (!error || typeof error !== "object") return undefined;
  if ("message" in error && typeof error.message === "string") return error as FieldError;
  for (const nested of Object.values(error)) {
    const found = firstError(nested);
    if (found) return found;
  }
  return undefined;
}

/**
 * A zod issue's message is a message key: the shared schemas name one under `errors`
 * ("required"), a form's own rule its full key ("orderRefunds.noteRequired"). Anything
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
    if (t.has(`errors.${key}`)) return t(`errors.${key}`, values);
    if (t.has(key)) return t(key, values);
    return t("errors.invalidValue");
  };
}

type Control = UseFormRegisterReturn & {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
};

/**
 * A field of a react-hook-form form: its label, the control (registered, marked invalid and
 * pointed at its error or hint), and the error in the user's language or else the hint.
 */
export function FormField<T extends FieldValues>({
  form,
  name,
  label,
  hint,
  options,
  messageValues,
  className,
  labelClassName,
  children,
}: {
  form: Pick<UseFormReturn<T>, "register" | "getFieldState" | "formState">;
  name: FieldPath<T>;
  label: string;
  hint?: string;
  options?: RegisterOptions<T, FieldPath<T>>;
  /** Values the error message's placeholders take ("at most {max}"). */
  messageValues?: Record<string, string>;
  className?: string;
  labelClassName?: string;
  children: (control: Control) => ReactNode;
}) {
  const issueText = useIssueText();
  const error = issueText(
    firstError(form.getFieldState(name, form.formState).error),
    messageValues,
  );
  const describedBy = error ? `${name}-error` : hint ? `${name}-hint` : undefined;
  return (
    <Field
      id={name}
      label={label}
      hint={hint}
      error={error}
      className={className}
      labelClassName={labelClassName}
    >
      {children({
        ...form.register(name, options),
        id: name,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy,
      })}
    </Field>
  );
}

/** What useServerError needs of a form: react-hook-form's setError, or a plain form's. */
interface ErrorSetter {
  setError(name: string, error: { type?: "translated"; message: string }): void;
}

/**
 * Puts a refused request on the form: zod's field errors (message keys) next to their
 * fields, a DomainError naming a field (a key that does not parse) next to that field, and
 * the sentence for the whole form in `root.server`.
 */
export function useServerError(form: ErrorSetter) {
  const errorMessage = useErrorMessage();
  return (err: unknown) => {
    const data = (
      err as {
        data?: {
          fieldErrors?: Record<string, string[] | undefined> | null;
          details?: { field?: unknown } | null;
        } | null;
      } | null
    )?.data;
    const message = errorMessage(err);
    for (const [name, keys] of Object.entries(data?.fieldErrors ?? {})) {
      if (keys?.[0]) form.setError(name, { message: keys[0] });
    }
    const field = data?.details?.field;
    if (typeof field === "string") {
      form.setError(field, { type: translated, message });
    }
    form.setError("root.server", { type: translated, message });
  };
}

/** The form's refusal as a whole, from the server. */
export function FormAlert<T extends FieldValues>({
  form,
  className,
}: {
  form: Pick<UseFormReturn<T>, "formState">;
  className?: string;
}) {
  return (
    <ServerAlert message={form.formState.errors.root?.server?.message} className={className} />
  );
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
