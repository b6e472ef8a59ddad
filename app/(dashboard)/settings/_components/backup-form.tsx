"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRef, type FormEvent, type ReactNode } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { askStepUp } from "@/app/_trpc/step-up-link";

/**
 * The backup form stays a plain post (the browser streams the file to disk), but the server
 * answers 403 `stepUpRequired` to a session not proven in the last minutes: so it asks
 * first, and posts once the person confirmed it's them.
 */
export function BackupForm({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirmed = useRef(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    if (confirmed.current) {
      confirmed.current = false;
      return;
    }
    e.preventDefault();
    const form = e.currentTarget;
    const status = await queryClient.fetchQuery({
      ...trpc.account.stepUpStatus.queryOptions(),
      staleTime: 0,
    });
    if (!status.fresh && !(await askStepUp())) return;
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
