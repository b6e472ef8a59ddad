import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/app/_lib/cn";
import { textareaClass } from "./field-class";
import { Label } from "./label";

const fieldLooks = { default: "flex flex-col gap-2", tight: "flex flex-col gap-1" };

/** A labelled form control with either its error (read by screen readers) or a hint below. */
export function Field({
  id,
  label,
  hint,
  error,
  className,
  labelClassName,
  labelSize,
  variant = "default",
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  labelClassName?: string;
  labelSize?: ComponentProps<typeof Label>["size"];
  /** `tight`: the label closer to its control (a row of small fields). */
  variant?: keyof typeof fieldLooks;
  children: ReactNode;
}) {
  return (
    <div data-slot="field" className={cn(fieldLooks[variant], className)}>
      <Label htmlFor={id} size={labelSize} className={labelClassName}>
        {label}
      </Label>
      {children}
      {error ? (
        <p id={`${id}-error`} data-slot="field-error" className="text-destructive text-sm">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} data-slot="field-hint" className="text-muted-foreground text-xs">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** Props that mark a control invalid and point it at its error message. */
export function invalidProps(errors: Record<string, string>, name: string) {
  return errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {};
}

/**
 * The reason or note a dialog asks for before it acts (resolve, refuse, acknowledge): a
 * labelled, required textarea that takes the focus, with its error announced.
 */
export function NoteField({
  id,
  label,
  value,
  onChange,
  error,
  maxLength,
  placeholder,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  maxLength: number;
  placeholder?: string;
}) {
  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor={id}>{label}</Label>
      <textarea
        id={id}
        value={value}
        maxLength={maxLength}
        rows={3}
        required
        autoFocus
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={cn(textareaClass, "min-h-20 resize-y")}
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-destructive text-sm">
          {error}
        </p>
      ) : null}
    </div>
  );
}
