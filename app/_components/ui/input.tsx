"use client";

import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";
import { useTypedBeforeHydration } from "@/app/_lib/use-typed-before-hydration";
import { fieldBoxClass, fieldClass, fieldFrameClass, textareaClass } from "./field-class";

export { fieldBoxClass, textareaClass };

/**
 * A control's look: the field's, or with `variant="bare"` its frame only, the caller giving
 * its width, height and text size (a wide amount, a short number), so that none is overridden.
 */
const inputLooks = { default: fieldClass, bare: fieldFrameClass };
interface Look {
  variant?: keyof typeof inputLooks;
}

export function Input({
  className,
  ref,
  variant = "default",
  ...props
}: ComponentProps<"input"> & Look) {
  return (
    <input
      data-slot="input"
      className={cn(inputLooks[variant], className)}
      {...props}
      {...useTypedBeforeHydration(ref, props)}
    />
  );
}

/** A native select: keyboard and phone pickers work without extra code. */
export function NativeSelect({
  className,
  ref,
  variant = "default",
  ...props
}: ComponentProps<"select"> & Look) {
  return (
    <select
      data-slot="select"
      className={cn(inputLooks[variant], "pr-8", className)}
      {...props}
      {...useTypedBeforeHydration(ref, props)}
    />
  );
}

/** A text area (its height set by `rows` and the caller's classes). */
export function Textarea({ className, ref, ...props }: ComponentProps<"textarea">) {
  return (
    <textarea
      data-slot="textarea"
      className={cn(textareaClass, className)}
      {...props}
      {...useTypedBeforeHydration(ref, props)}
    />
  );
}

/** A radio button as the browser draws it (the caller hides or styles it). */
export function Radio({ ref, ...props }: Omit<ComponentProps<"input">, "type">) {
  return <input type="radio" {...props} {...useTypedBeforeHydration(ref, props)} />;
}

/**
 * The console's checkbox: the browser's own (keyboard, forms, screen readers), drawn 24 px so
 * that a finger finds it on a counter tablet (the browser's is 13 px), with a focus ring.
 */
export function Checkbox({ className, ref, ...props }: Omit<ComponentProps<"input">, "type">) {
  return (
    <input
      type="checkbox"
      data-slot="checkbox"
      className={cn(
        "accent-primary focus-visible:outline-ring size-6 shrink-0 cursor-pointer focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-60",
        className,
      )}
      {...props}
      {...useTypedBeforeHydration(ref, props)}
    />
  );
}
