import {
  LoaderCircleIcon,
  RotateCcwIcon,
  TriangleAlertIcon,
  WalletIcon,
} from "@/app/_components/server-icons";
import { getTranslations } from "next-intl/server";
import { buttonClass } from "@/app/_components/ui/button-class";
import { customerErrorTexts } from "@/app/_i18n/customer-errors";
import type { PayState, PayView } from "../_lib/pay-state";
import { RetryChoices } from "./lazy-parts";

type Failed = Extract<PayState, { kind: "failed" }>;

/**
 * Why the payment did not go through, what to do next, and the ways to try again: the same
 * method, or another one. Each makes a new request on the same order (never a new order)
 * and opens its page.
 */
export async function FailurePanel({
  view,
  state,
}: {
  view: PayView;
  state: Pick<Failed, "cause" | "nextStep" | "canRetry" | "retryFirst" | "others">;
}) {
  const t = await getTranslations("pay");
  const nothingToOffer = !state.canRetry && state.others.length === 0;
  // "Try again" leads when it is what most likely works, else the first other method does.
  const retry = state.canRetry
    ? {
        id: view.methodId,
        label: t("tryAgain"),
        className: buttonClass(state.retryFirst ? "default" : "outline", "lg", "w-full"),
      }
    : null;
  const others = state.others.map((m, i) => ({
    id: m.id,
    label: t("payWith", { method: m.label }),
    className: buttonClass(
      !state.retryFirst && i === 0 ? "default" : "outline",
      "lgWrap",
      "w-full",
    ),
  }));
  const choices = retry ? (state.retryFirst ? [retry, ...others] : [...others, retry]) : others;
  return (
    <div className="flex flex-col gap-4">
      <div
        role="alert"
        className="border-destructive/30 bg-destructive/5 flex gap-3 rounded-lg border p-3 text-sm"
      >
        <TriangleAlertIcon aria-hidden className="text-destructive mt-0.5 size-5 shrink-0" />
        <div className="flex flex-col gap-1">
          <p className="font-medium">{t(`reason.${state.cause}`)}</p>
          <p className="text-muted-foreground">
            {nothingToOffer ? t("askStaff") : t(`nextStep.${state.nextStep}`)}
          </p>
        </div>
      </div>
      {nothingToOffer ? null : (
        <RetryChoices
          token={view.token}
          choices={choices}
          retryId={retry?.id ?? null}
          icons={{
            retry: <RotateCcwIcon aria-hidden />,
            other: <WalletIcon aria-hidden />,
            busy: <LoaderCircleIcon aria-hidden className="animate-spin" />,
          }}
          errors={await customerErrorTexts()}
        />
      )}
    </div>
  );
}
