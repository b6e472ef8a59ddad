"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import type { CustomerErrorTexts } from "@/app/_i18n/customer-errors";
import { errorSentence, saidErrors } from "@/app/_lib/error-sentence";
import { usePayMutation } from "@/app/_trpc/pay-client";

/**
 * The failure panel's buttons (their words and looks said by the server): each asks for a new
 * request on the same order with its method, and opens that request's page in place of this
 * one, so Back does not lead to the spent page.
 */
export function RetryChoices({
  token,
  choices,
  retryId,
  icons,
  errors,
}: {
  token: string;
  choices: { id: string; label: string; className: string }[];
  /** The choice that tries the same method again. */
  retryId: string | null;
  icons: { retry: ReactNode; other: ReactNode; busy: ReactNode };
  errors: CustomerErrorTexts;
}) {
  const router = useRouter();
  const [chosen, setChosen] = useState<string | null>(null);
  const [navigating, startNavigation] = useTransition();
  const retry = usePayMutation("pay.retry", {
    onSuccess: ({ token: next }) => startNavigation(() => router.replace(`/pay/${next}`)),
  });
  const busy = retry.isPending || navigating;
  return (
    <>
      <div className="flex flex-col gap-2">
        {choices.map((choice) => (
          <button
            key={choice.id}
            type="button"
            className={choice.className}
            disabled={busy}
            onClick={() => {
              setChosen(choice.id);
              retry.mutate({ token, methodId: choice.id });
            }}
          >
            {busy && chosen === choice.id
              ? icons.busy
              : choice.id === retryId
                ? icons.retry
                : icons.other}
            {choice.label}
          </button>
        ))}
      </div>
      {retry.error ? (
        <p role="alert" className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm">
          {errorSentence(saidErrors(errors), retry.error)}
        </p>
      ) : null}
    </>
  );
}
