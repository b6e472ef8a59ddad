/**
 * The button's looks as plain class lists: ui/button.tsx builds the console's Button from
 * them (merged with tailwind-merge there), and the customer's pages join them with
 * `buttonClass` so that a phone downloads neither the merger nor Radix's Slot. The lists do
 * not overlap, so joining them needs no merging; `extra` must not restate what the variant or
 * size sets (the customer's pages pass widths and margins, or variant `null` and colours).
 */
export const buttonBase =
  "inline-flex shrink-0 items-center justify-center gap-2 rounded-md text-sm font-medium transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:pointer-events-none disabled:opacity-50 [&_svg]:pointer-events-none [&_svg]:size-4 [&_svg]:shrink-0";

export const buttonVariantClasses = {
  default: "bg-primary text-primary-foreground shadow-xs hover:bg-primary/90",
  destructive: "bg-destructive text-destructive-foreground shadow-xs hover:bg-destructive/90",
  outline: "border border-input bg-card shadow-xs hover:bg-accent hover:text-accent-foreground",
  secondary: "bg-secondary text-secondary-foreground hover:bg-secondary/80",
  ghost: "hover:bg-accent hover:text-accent-foreground",
  link: "text-primary underline-offset-4 hover:underline",
};

export const buttonSizeClasses = {
  default: "h-10 px-4 py-2 whitespace-nowrap",
  sm: "h-8 gap-1.5 px-3 whitespace-nowrap",
  lg: "h-12 px-6 text-base whitespace-nowrap",
  icon: "size-10 whitespace-nowrap",
  /** A large button whose label may wrap (a long method name on a phone). */
  lgWrap: "min-h-12 px-6 py-3 text-base text-balance whitespace-normal",
};

export function buttonClass(
  variant: keyof typeof buttonVariantClasses | null = "default",
  size: keyof typeof buttonSizeClasses = "default",
  extra = "",
): string {
  return [buttonBase, variant ? buttonVariantClasses[variant] : "", buttonSizeClasses[size], extra]
    .filter(Boolean)
    .join(" ");
}
