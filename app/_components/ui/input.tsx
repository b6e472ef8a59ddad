"use client";

import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";
import { useTypedBeforeHydration } from "@/app/_lib/use-typed-before-hydration";
import { fieldClass } from "./field-class";

export { fieldClass };

export function Input({ className, ref, ...props }: ComponentProps<"input">) {
  return (
    <input
      data-slot="input"
      className={cn(fieldClass, className)}
      {...props}
      {...useTypedBeforeHydration(ref, props)}
    />
  );
}

/** A native select: keyboard and phone pickers work without extra code. */
export function NativeSelect({ className, ref, ...props }: ComponentProps<"select">) {
  return (
    <select
      data-slot="select"
      className={cn(fieldClass, "pr-8", className)}
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
      className={cn(fieldClass, "h-auto", className)}
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
