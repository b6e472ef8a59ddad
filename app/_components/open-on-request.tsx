"use client";

import { LoaderCircleIcon } from "lucide-react";
import { Suspense, useState, type ComponentProps, type ReactNode } from "react";
import { Button } from "@/app/_components/ui/button";

/**
 * A card's form that most visits only read about: `children` (what stands now, drawn by the
 * server) and a button, until the button is pressed; then `opened`, a part loaded on demand
 * (lazyWithMessages), whose fetch `fetchAhead` starts when the button is pointed at or
 * focused. While it loads, the button stays, busy. The part takes the focus when it mounts:
 * the button that had it is gone.
 */
export function OpenOnRequest({
  label,
  icon,
  variant = "outline",
  fetchAhead,
  opened,
  children,
}: {
  label: string;
  icon: ReactNode;
  variant?: ComponentProps<typeof Button>["variant"];
  fetchAhead: { onPointerEnter: () => void; onFocus: () => void };
  opened: ReactNode;
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const closed = (loading: boolean) => (
    <>
      {children}
      <div>
        <Button
          variant={variant}
          className="min-h-11 w-full sm:w-auto"
          disabled={loading}
          onClick={() => setOpen(true)}
          {...fetchAhead}
        >
          {loading ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : icon}
          {label}
        </Button>
      </div>
    </>
  );
  if (!open) return closed(false);
  return <Suspense fallback={closed(true)}>{opened}</Suspense>;
}
