import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";

/**
 * A form label. A plain <label> rather than Radix's, whose only addition (a double click does
 * not select the label's text) `select-none` gives, and whose script every form page loaded.
 */
export function Label({ className, ...props }: ComponentProps<"label">) {
  return (
    <label
      data-slot="label"
      className={cn(
        "text-sm leading-none font-medium select-none peer-disabled:opacity-60",
        className,
      )}
      {...props}
    />
  );
}
