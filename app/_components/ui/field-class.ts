/**
 * A form control's look as plain class lists (no tailwind-merge: the customer's pages join
 * them as they are). `fieldBoxClass` has no height (a textarea) and no text size.
 */
export const fieldBoxClass =
  "w-full min-w-0 rounded-md border border-input bg-card px-3 py-2 shadow-xs outline-none transition-[color,box-shadow] placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-destructive aria-invalid:ring-destructive/20";

export const fieldClass = `h-10 text-base md:text-sm ${fieldBoxClass}`;
