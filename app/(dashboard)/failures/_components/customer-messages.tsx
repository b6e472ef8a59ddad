"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { InfoIcon, MailIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { toast } from "@/app/_components/toast";
import { PageHeader } from "@/app/_components/page-header";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { KeysetPager, useCursorTrail } from "@/app/_components/keyset-pager";
import { Card } from "@/app/_components/ui/card";
import { NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { outboxStates as states } from "@/db/schema/enum-values";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { RouterInputs, RouterOutputs } from "../../_lib/router-types";
import { useShopTime } from "../../_lib/use-shop-time";

type State = NonNullable<RouterInputs["failures"]["messages"]["state"]>;
type Message = RouterOutputs["failures"]["messages"]["rows"][number];

const tone: Record<State, string> = {
  pending: "bg-sky-100 text-sky-800",
  sending: "bg-amber-100 text-amber-900",
  sent: "bg-emerald-100 text-emerald-800",
  failed: "bg-rose-100 text-rose-800",
  skipped: "bg-muted text-muted-foreground",
};

/** The e-mails to customers (failure with retry link, receipt) and where each stands. */
export function CustomerMessages({ canResend }: { canResend: boolean }) {
  const t = useTranslations("failures.messages");
  const time = useShopTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [state, setState] = useState<State | undefined>();
  const trail = useCursorTrail((key) => t(key));
  const input = { state, cursor: trail.cursor };
  const list = useQuery({
    ...trpc.failures.messages.queryOptions(input, { placeholderData: keepPreviousData }),
    refetchInterval: 15_000,
  });
  const resend = useMutation(
    trpc.failures.resendMessage.mutationOptions({
      onSuccess: () => {
        toast.success(t("requeued"));
        void queryClient.invalidateQueries({ queryKey: trpc.failures.messages.queryKey() });
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );

  const stateLine = (m: Message) =>
    m.state === "pending"
      ? list.data?.mailConfigured
        ? m.tries > 0
          ? t("retryAt", { time: time.dateTime(m.nextTryAt), tries: m.tries })
          : t("due")
        : t("waitingForSmtp")
      : m.state === "sent" && m.processedAt
        ? t("sentAt", { time: time.dateTime(m.processedAt) })
        : t(`stateHint.${m.state}`);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("title")} description={t("description")} />
      {list.data && !list.data.mailConfigured ? (
        <div className="flex gap-3 rounded-xl border border-sky-200 bg-sky-50 p-4 text-sm text-sky-950">
          <InfoIcon className="mt-0.5 size-5 shrink-0 text-sky-700" aria-hidden />
          <p>{t("notConfigured")}</p>
        </div>
      ) : null}
      <div className="flex max-w-xs flex-col gap-1.5">
        <Label htmlFor="message-state">{t("filter")}</Label>
        <NativeSelect
          id="message-state"
          value={state ?? ""}
          onChange={(e) => {
            setState((e.target.value || undefined) as State | undefined);
            trail.restart();
          }}
        >
          <option value="">{t("all")}</option>
          {states.map((s) => (
            <option key={s} value={s}>
              {t(`state.${s}`)}
            </option>
          ))}
        </NativeSelect>
      </div>
      {list.isPending ? (
        <Skeleton className="h-48" aria-busy="true" />
      ) : list.isError ? (
        <Card role="alert" className="p-5 text-sm">
          {errorMessage(list.error)}
        </Card>
      ) : list.data.rows.length === 0 ? (
        <Card className="flex flex-col items-center gap-3 px-5 py-12 text-center">
          <MailIcon className="text-muted-foreground size-10" aria-hidden />
          <p className="font-medium">{t("empty")}</p>
          <p className="text-muted-foreground max-w-sm text-sm">{t("emptyHint")}</p>
        </Card>
      ) : (
        <>
          <ul className="flex flex-col gap-2">
            {list.data.rows.map((m) => (
              <li
                key={m.id}
                className="bg-card flex flex-col gap-2 rounded-xl border p-4 text-sm shadow-xs sm:flex-row sm:items-center"
              >
                <div className="flex min-w-0 flex-1 flex-col gap-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge variant="tinted" className={tone[m.state]}>
                      {t(`state.${m.state}`)}
                    </Badge>
                    <span className="font-medium">{t(`kind.${m.kind}`)}</span>
                    <span className="text-muted-foreground truncate">{m.to}</span>
                  </div>
                  <p className="text-muted-foreground text-xs">
                    {time.dateTime(m.createdAt)} ·{" "}
                    <PlainLink href={`/orders/${m.orderId}`} className="font-mono hover:underline">
                      {m.orderNumber}
                    </PlainLink>{" "}
                    · {stateLine(m)}
                  </p>
                  {m.lastError ? (
                    <p className="font-mono text-xs break-all text-rose-800">{m.lastError}</p>
                  ) : null}
                </div>
                {canResend && (m.state === "failed" || m.state === "sending") ? (
                  <Button
                    variant="outline"
                    size="sm"
                    disabled={resend.isPending}
                    onClick={() => resend.mutate({ messageId: m.id })}
                  >
                    {t("resend")}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          <KeysetPager {...trail.pager(list)} />
        </>
      )}
    </div>
  );
}
