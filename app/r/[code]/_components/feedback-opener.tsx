"use client";

import { lazy, Suspense, useState, type ComponentProps, type ReactNode } from "react";

const LazyFeedbackForm = lazy(() =>
  import("./feedback-form").then((m) => ({ default: m.FeedbackForm })),
);

/**
 * The receipt's question behind a button: the form's script (the form and the small pay
 * client it sends with) is downloaded when the customer opens it, not by every visit to the
 * receipt, most of which only show the voucher at the counter. Its words and looks come from
 * the server; the form's props are handed on.
 */
export function FeedbackOpener({
  label,
  className,
  icon,
  ...form
}: ComponentProps<typeof LazyFeedbackForm> & {
  label: string;
  className: string;
  icon: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const opener = (
    <button
      type="button"
      className={className}
      onClick={() => setOpen(true)}
      disabled={open}
      aria-busy={open}
    >
      {icon}
      {label}
    </button>
  );
  if (!open) return opener;
  return (
    <Suspense fallback={opener}>
      <LazyFeedbackForm {...form} />
    </Suspense>
  );
}
