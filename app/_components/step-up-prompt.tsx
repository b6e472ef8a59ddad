"use client";

import { Suspense, useEffect, useState } from "react";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import { registerStepUpPrompt } from "@/app/_trpc/step-up";

const { Lazy: StepUpDialog } = lazyWithMessages(
  ["stepUp"],
  () => import("./step-up-dialog"),
  (m) => m.StepUpDialog,
);

/**
 * "Confirm it's you" as every console page mounts it: only the prompt is registered, and the
 * dialog (Radix's focus trap, the form, its sentences) is loaded the first time a sensitive
 * action asks for it, which most visits never do. The loaded dialog then registers itself for the next asks.
 */
export function StepUpPrompt() {
  const [firstAsk, setFirstAsk] = useState<((confirmed: boolean) => void) | null>(null);
  useEffect(() => {
    registerStepUpPrompt(() => new Promise<boolean>((resolve) => setFirstAsk(() => resolve)));
    return () => registerStepUpPrompt(null);
  }, []);
  if (!firstAsk) return null;
  return (
    <Suspense fallback={null}>
      <StepUpDialog firstAsk={firstAsk} />
    </Suspense>
  );
}
