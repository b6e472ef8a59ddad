"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import {
  CircleAlertIcon,
  CircleCheckIcon,
  LoaderCircleIcon,
  PlugZapIcon,
  SendIcon,
} from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { PaymentMethod } from "../../_lib/router-types";
import { useShopTime } from "../../_lib/use-shop-time";

type Shown = "off" | "hidden" | PaymentMethod["setup"];

/** Which state a method's card shows: setup first, then switched off, then hidden. */
function shownState(m: PaymentMethod): Shown {
  if (m.setup !== "ready") return m.setup;
  if (!m.enabled) return "off";
  return m.hiddenBesideReal ? "hidden" : "ready";
}

const badgeClass: Record<Shown, string> = {
  ready: "border-transparent bg-emerald-100 text-emerald-900",
  off: "text-foreground",
  hidden: "border-transparent bg-amber-100 text-amber-950",
  not_connected: "border-transparent bg-amber-100 text-amber-950",
  not_checked: "border-transparent bg-amber-100 text-amber-950",
  check_failed: "border-transparent bg-red-100 text-red-900",
  sandbox_not_allowed: "border-transparent bg-red-100 text-red-900",
};

/**
 * A method's setup on its card: whether it is offered, and if not, what to do next; the last
 * connection check and, for those who configure methods, "Check connection" (providers and
 * the sandbox wallet) and "Send a test notification" (the sandbox wallet).
 */
export function MethodReadiness({
  method: m,
  canConfigure,
  onChanged,
}: {
  method: PaymentMethod;
  canConfigure: boolean;
  onChanged: () => void;
}) {
  const t = useTranslations("methodSetup");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const shopTime = useShopTime();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const state = shownState(m);
  const next =
    state === "ready"
      ? "ready_offered"
      : state === "off" && m.setup === "ready"
        ? "ready_off"
        : state === "check_failed" && m.connectionUnreachable
          ? "check_unreachable"
          : state;

  const check = useMutation(
    trpc.paymentMethods.checkConnection.mutationOptions({
      onSuccess: (r) => {
        setResult(
          r.ok
            ? { ok: true, text: t("checkOk") }
            : {
                ok: false,
                text: t(r.unreachable ? "checkUnreachable" : "checkFailed", {
                  error: r.error ?? "",
                }),
              },
        );
        onChanged();
      },
      onError: (err) => setResult({ ok: false, text: errorMessage(err) }),
    }),
  );
  const test = useMutation(
    trpc.paymentMethods.sendTestNotification.mutationOptions({
      onSuccess: (r) =>
        setResult(
          r.verified
            ? { ok: true, text: t("testOk", { status: r.httpStatus ?? 0 }) }
            : r.httpStatus === null
              ? { ok: false, text: t("testUnreachable") }
              : { ok: false, text: t("testFailed", { status: r.httpStatus }) },
        ),
      onError: (err) => setResult({ ok: false, text: errorMessage(err) }),
    }),
  );
  const canCheck = canConfigure && m.kind !== "cash" && m.setup !== "sandbox_not_allowed";
  const busy = check.isPending || test.isPending;

  return (
    <section
      className="flex flex-col gap-2 rounded-lg border p-3 text-sm"
      data-testid="method-readiness"
    >
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant="plain" className={badgeClass[state]}>
          {t(`state.${state}`)}
        </Badge>
        <span className="text-muted-foreground">{t(`next.${next}`)}</span>
      </div>
      {m.connectionCheckedAt ? (
        <p className="text-muted-foreground text-xs">
          {t("checkedAt", { at: shopTime.dateTime(new Date(m.connectionCheckedAt)) })}
          {m.connectionOk === false && m.connectionError
            ? ` · ${t("checkError", { error: m.connectionError })}`
            : null}
        </p>
      ) : null}
      {canCheck ? (
        <div className="flex flex-wrap gap-2">
          <Button
            variant="outline"
            size="sm"
            disabled={busy || m.setup === "not_connected"}
            aria-label={t("checkNamed", { label: m.label })}
            onClick={() => {
              setResult(null);
              check.mutate({ id: m.id });
            }}
          >
            {check.isPending ? (
              <LoaderCircleIcon className="animate-spin" aria-hidden />
            ) : (
              <PlugZapIcon aria-hidden />
            )}
            {t("check")}
          </Button>
          {m.kind === "sandbox" ? (
            <Button
              variant="outline"
              size="sm"
              disabled={busy}
              aria-label={t("testNotificationNamed", { label: m.label })}
              onClick={() => {
                setResult(null);
                test.mutate({ id: m.id });
              }}
            >
              {test.isPending ? (
                <LoaderCircleIcon className="animate-spin" aria-hidden />
              ) : (
                <SendIcon aria-hidden />
              )}
              {t("testNotification")}
            </Button>
          ) : null}
        </div>
      ) : null}
      <div role="status" aria-live="polite">
        {result ? (
          <p
            className={
              result.ok
                ? "flex items-start gap-1.5 text-emerald-800"
                : "text-destructive flex items-start gap-1.5"
            }
          >
            {result.ok ? (
              <CircleCheckIcon className="mt-0.5 size-4 shrink-0" aria-hidden />
            ) : (
              <CircleAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden />
            )}
            <span className="break-words">{result.text}</span>
          </p>
        ) : null}
      </div>
    </section>
  );
}
