"use client";

import { useRef, type ComponentProps } from "react";
import { useStepUpFirst } from "@/app/_trpc/use-step-up-first";

/**
 * A download link for a file the server hands out only to a session that confirmed it's them
 * (customers' data): the click waits for "Confirm it's you" when needed, then downloads. With
 * `stepUp` false it is a plain link.
 */
export function StepUpDownload({
  stepUp,
  onClick,
  ...props
}: ComponentProps<"a"> & { stepUp: boolean }) {
  const stepUpFirst = useStepUpFirst();
  const confirmed = useRef(false);
  return (
    <a
      {...props}
      onClick={(e) => {
        onClick?.(e);
        if (!stepUp || confirmed.current) {
          confirmed.current = false;
          return;
        }
        e.preventDefault();
        const link = e.currentTarget;
        void stepUpFirst().then((ok) => {
          if (!ok) return;
          confirmed.current = true;
          link.click();
        });
      }}
    />
  );
}
