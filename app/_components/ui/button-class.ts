import { cn } from "@/app/_lib/cn";

/**
 * The button's looks as plain class lists: ui/button.tsx builds the console's Button from
 * them, and the customer's pages join them with `buttonClass` so that a phone downloads no
 * Radix Slot. The lists do not overlap, so joining them needs no merging; `extra` must not
 * restate what the variant or size sets (callers pass widths and margins, variant `null` and
 * colours, or size `none` and a box; scripts/class-conflicts.mjs checks).
 */
export const buttonBase =
  "inline-flex font-medium transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:pointer-events-none disabled:opacity-50 [&_svg]:pointer-events-none [&_svg]:size-4 [&_svg]:shrink-0";

export const buttonVariantClasses = {
  default: "bg-primary text-primary-foreground shadow-xs hover:bg-primary/90",
  destructive: "bg-destructive text-destructive-foreground shadow-xs hover:bg-destructive/90",
  outline: "border border-input bg-card shadow-xs hover:bg-accent hover:text-accent-foreground",
  secondary: "bg-secondary text-secondary-foreground hover:bg-secondary/80",
  ghost: "hover:bg-accent hover:text-accent-foreground",
  link: "text-primary underline-offset-4 hover:underline",
};

/** A label on one line in a rounded box: the shape of most sizes (centred by them). */
export const buttonLine = "items-center rounded-md whitespace-nowrap";

/**
 * The box: height, padding, text size, and how it sits in a row (`shrink-0`: a row that runs
 * out of room squeezes the other things, not the button). Each class group is set by one size
 * only, so that the lists join without merging.
 */
export const buttonSizeClasses = {
  default: `${buttonLine} justify-center h-10 shrink-0 gap-2 px-4 py-2 text-sm`,
  sm: `${buttonLine} justify-center h-8 shrink-0 gap-1.5 px-3 text-sm`,
  /** `sm` that shrinks with its row, its label truncated by the caller (the header's). */
  smShrinking: `${buttonLine} justify-center h-8 gap-1.5 px-3 text-sm`,
  lg: `${buttonLine} justify-center h-12 shrink-0 gap-2 px-6 text-base`,
  icon: `${buttonLine} justify-center size-10 shrink-0 gap-2 text-sm`,
  /** The header's avatar: `icon`, round. */
  round:
    "size-10 shrink-0 items-center justify-center gap-2 rounded-full text-sm whitespace-nowrap",
  /** No height or padding: a link in a sentence. */
  inline: `${buttonLine} justify-center shrink-0 gap-2 text-sm`,
  /** A large button whose label may wrap (a long method name on a phone). */
  lgWrap:
    "min-h-12 shrink-0 items-center justify-center gap-2 rounded-md px-6 py-3 text-base text-balance whitespace-normal",
  /** A choice among methods: icon and label from the left, the label wrapping. */
  tile: "min-h-14 shrink-0 items-center justify-start gap-2 rounded-md px-6 py-3 text-left text-base whitespace-normal",
  /** A quick key: name over price, from the left. */
  key: "min-h-16 shrink-0 flex-col items-start justify-center gap-1 rounded-md px-3 py-2 text-left text-sm whitespace-normal",
  /** No box: the caller gives it (a one-off shape, from `buttonLine` and its own sizes). */
  none: "",
};

export function buttonClass(
  variant: keyof typeof buttonVariantClasses | null = "default",
  size: keyof typeof buttonSizeClasses = "default",
  extra = "",
): string {
  return cn(buttonBase, variant && buttonVariantClasses[variant], buttonSizeClasses[size], extra);
}
