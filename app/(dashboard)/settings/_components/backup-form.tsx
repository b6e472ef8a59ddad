"use client";

import { useRef, type FormEvent, type ReactNode } from "react";
import { useStepUpFirst } from "@/app/_trpc/use-step-up-first";

/**
 * The backup form stays a plain post (the browser streams the file to disk), but the server
 * answers 403 `stepUpRequired` to a session not proven in the last minutes: so it asks
 * first, and posts once the person confirmed it's them.
 */
export function BackupForm({ children }: { children: ReactNode }) {
  const stepUpFirst = useStepUpFirst();
  const confirmed = useRef(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    if (confirmed.current) {
      confirmed.current = false;
      return;
    }
    e.preventDefault();
    const form = e.currentTarget;
    if (!(await stepUpFirst())) return;
    confirmed.current = true;
    form.requestSubmit();
  }

  return (
    <form
      action="/api/backup"
      method="post"
      className="flex flex-col gap-4"
      onSubmit={(e) => void onSubmit(e)}
    >
      {children}
    </form>
  );
}
