/**
 * A form control's look as plain class lists (no merging: the customer's pages join them as
 * they are). `fieldFrameClass` has no width, height or text size; `fieldBoxClass` is it at the
 * full width (a textarea's, with its rows' height).
 */
export const fieldFrameClass =
  "min-w-0 rounded-md border border-input bg-card px-3 py-2 shadow-xs outline-none transition-[color,box-shadow] placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-destructive aria-invalid:ring-destructive/20";

export const fieldBoxClass = `w-full ${fieldFrameClass}`;

export const fieldClass = `h-10 text-base md:text-sm ${fieldBoxClass}`;

/** A text area: a field as high as its rows (or the caller's `min-h-…`). */
export const textareaClass = `h-auto text-base md:text-sm ${fieldBoxClass}`;
