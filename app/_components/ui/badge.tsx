import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";

const badgeVariants = {
  default: "border-transparent bg-primary/10 text-primary",
  secondary: "border-transparent bg-secondary text-secondary-foreground",
  outline: "text-foreground",
  destructive: "border-transparent bg-destructive/10 text-destructive",
  /** A status's own colours, given by the caller as `bg-…` and `text-…`. */
  tinted: "border-transparent",
  /** All colours given by the caller, the border's too. */
  plain: "",
};

const badgeSizes = {
  default: "px-2 py-0.5 text-xs",
  /** The status at the head of a record's page. */
  lg: "px-3 py-1 text-sm",
};

export function Badge({
  className,
  variant = "default",
  size = "default",
  ...props
}: ComponentProps<"span"> & {
  variant?: keyof typeof badgeVariants;
  size?: keyof typeof badgeSizes;
}) {
  return (
    <span
      data-slot="badge"
      className={cn(
        "inline-flex items-center gap-1 rounded-full border font-medium whitespace-nowrap",
        badgeVariants[variant],
        badgeSizes[size],
        className,
      )}
      {...props}
    />
  );
}
