import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";
import { fieldClass } from "./field-class";

export { fieldClass };

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input data-slot="input" className={cn(fieldClass, className)} {...props} />;
}

/** A native select: keyboard and phone pickers work without extra code. */
export function NativeSelect({ className, ...props }: ComponentProps<"select">) {
  return <select data-slot="select" className={cn(fieldClass, "pr-8", className)} {...props} />;
}
