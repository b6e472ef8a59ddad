import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";

/**
 * A form label. A plain <label> rather than Radix's, whose only addition (a double click does
 * not select the label's text) `select-none` gives, and whose script every form page loaded.
 */
const labelSizes = { default: "text-sm leading-none", xs: "text-xs" };

export function Label({
  className,
  size = "default",
  ...props
}: ComponentProps<"label"> & { size?: keyof typeof labelSizes }) {
  return (
    <label
      data-slot="label"
      className={cn(
        "font-medium select-none peer-disabled:opacity-60",
        labelSizes[size],
        className,
      )}
      {...props}
    />
  );
}
