"use client";

import { LoaderCircleIcon, RotateCcwIcon, TriangleAlertIcon, WalletIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCustomerTranslations } from "@/app/_i18n/customer-intl";
import { useState, useTransition } from "react";
import { buttonClass } from "@/app/_components/ui/button-class";
import { useCustomerErrorMessage } from "@/app/_lib/use-customer-error-message";
import { usePayMutation } from "@/app/_trpc/pay-client";
import type { PayState, PayView } from "../_lib/pay-state";

type Failed = Extract<PayState, { kind: "failed" }>;

/**
 * Why the payment did not go through, what to do next, and the ways to try again: the same
 * method, or another one. Each makes a new request on the same order (never a new order)
 * and opens its page.
 */
export function FailurePanel({
  token,
  view,
  state,
}: {
  token: string;
  view: PayView;
  state: Failed;
}) {
  const t = useCustomerTranslations("pay");
  const tReason = useCustomerTranslations("pay.reason");
  const tNext = useCustomerTranslations("pay.nextStep");
  const router = useRouter();
  const errorMessage = useCustomerErrorMessage();
  const [chosen, setChosen] = useState<string | null>(null);
  const [navigating, startNavigation] = useTransition();
  const retry = usePayMutation("pay.retry", {
    // The old page is spent: replace it, so Back does not lead to it.
    onSuccess: ({ token: next }) => startNavigation(() => router.replace(`/pay/${next}`)),
  });
  const busy = retry.isPending || navigating;
  const nothingToOffer = !state.canRetry && state.others.length === 0;

  function start(methodId: string) {
    setChosen(methodId);
    retry.mutate({ token, methodId });
  }

  const spinner = (methodId: string) =>
    busy && chosen === methodId ? <LoaderCircleIcon aria-hidden className="animate-spin" /> : null;

  const retryButton = state.canRetry ? (
    <button
      key="retry"
      type="button"
      className={buttonClass(state.retryFirst ? "default" : "outline", "lg", "w-full")}
      disabled={busy}
      onClick={() => start(view.methodId)}
    >
      {spinner(view.methodId) ?? <RotateCcwIcon aria-hidden />}
      {t("tryAgain")}
    </button>
  ) : null;

  const otherButtons = state.others.map((m, i) => (
    <button
      key={m.id}
      type="button"
      className={buttonClass(
        !state.retryFirst && i === 0 ? "default" : "outline",
        "lgWrap",
        "w-full",
      )}
      disabled={busy}
      onClick={() => start(m.id)}
    >
      {spinner(m.id) ?? <WalletIcon aria-hidden />}
      {t("payWith", { method: m.label })}
    </button>
  ));

  return (
    <div className="flex flex-col gap-4">
      <div
        role="alert"
        className="border-destructive/30 bg-destructive/5 flex gap-3 rounded-lg border p-3 text-sm"
      >
        <TriangleAlertIcon aria-hidden className="text-destructive mt-0.5 size-5 shrink-0" />
        <div className="flex flex-col gap-1">
          <p className="font-medium">{tReason(state.cause)}</p>
          <p className="text-muted-foreground">
            {nothingToOffer ? t("askStaff") : tNext(state.nextStep)}
          </p>
        </div>
      </div>

      {nothingToOffer ? null : (
        <div className="flex flex-col gap-2">
          {state.retryFirst ? [retryButton, ...otherButtons] : [...otherButtons, retryButton]}
        </div>
      )}

      {retry.error ? (
        <p role="alert" className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm">
          {errorMessage(retry.error)}
        </p>
      ) : null}
    </div>
  );
}
