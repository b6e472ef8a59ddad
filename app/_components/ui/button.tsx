import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";
import { buttonClass, buttonSizeClasses, buttonVariantClasses } from "./button-class";

interface ButtonLooks {
  variant?: keyof typeof buttonVariantClasses;
  size?: keyof typeof buttonSizeClasses;
}

/** A button's classes, `className` after the variant's (not merged: see `cn`). */
export function buttonVariants({
  variant = "default",
  size = "default",
  className,
}: ButtonLooks & { className?: string } = {}) {
  return buttonClass(variant, size, className);
}

/**
 * A button. A link that looks like one takes `cn(buttonVariants(…))` as its class instead (no
 * asChild): Radix's Slot would be a script of every console page for two such links.
 */
export function Button({
  className,
  variant,
  size,
  ...props
}: ComponentProps<"button"> & ButtonLooks) {
  return (
    <button
      data-slot="button"
      className={cn(buttonVariants({ variant, size, className }))}
      {...props}
    />
  );
}
