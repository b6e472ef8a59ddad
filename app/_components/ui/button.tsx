import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";
import { buttonBase, buttonSizeClasses, buttonVariantClasses } from "./button-class";

export const buttonVariants = cva(buttonBase, {
  variants: { variant: buttonVariantClasses, size: buttonSizeClasses },
  defaultVariants: { variant: "default", size: "default" },
});

/**
 * A button. A link that looks like one takes `cn(buttonVariants(…))` as its class instead (no
 * asChild): Radix's Slot would be a script of every console page for two such links.
 */
export function Button({
  className,
  variant,
  size,
  ...props
}: ComponentProps<"button"> & VariantProps<typeof buttonVariants>) {
  return (
    <button
      data-slot="button"
      className={cn(buttonVariants({ variant, size, className }))}
      {...props}
    />
  );
}
