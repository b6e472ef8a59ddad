"use client";

import { skipToken, useQuery } from "@/app/_trpc/query-hooks";
import { ArrowLeftIcon, ArrowRightIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import type { ReactNode } from "react";
import { Money } from "@/app/_components/money";
import { buttonVariants } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { nextStepFor } from "@/server/payments/failure-reasons.logic";
import { useShopTime } from "../../_lib/use-shop-time";
import { Timeline } from "../../orders/[id]/_components/timeline";
import { RecoveredBadge } from "./failure-log";

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

/** One failure: what the provider said, what it means, what to do, and its order's story. */
export function FailureDetail({ failureId }: { failureId: string }) {
  const t = useTranslations("failures");
  const tFailure = useTranslations("orders.failure");
  const tKind = useTranslations("paymentMethods.kinds");
  const trpc = useTRPC();
  const time = useShopTime();
  const errorMessage = useErrorMessage();
  const failure = useQuery(trpc.failures.byId.queryOptions({ failureId }));
  const orderId = failure.data?.orderId;
  // The order's own story (requests, failures, payment), the same timeline as its page.
  const order = useQuery(trpc.orders.byId.queryOptions(orderId ? { orderId } : skipToken));

  const back = (
    <PlainLink
      href="/failures"
      className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-sm"
    >
      <ArrowLeftIcon className="size-4" aria-hidden />
      {t("detail.back")}
    </PlainLink>
  );
  if (failure.isPending) return <Skeleton className="h-80" aria-busy="true" />;
  if (failure.isError)
    return (
      <div className="flex flex-col gap-4">
        {back}
        <Card role="alert" className="p-5 text-sm">
          {errorMessage(failure.error)}
        </Card>
      </div>
    );

  const f = failure.data;
  const rejected = f.kind === "notification_rejected";
  const ownTitle = rejected || f.kind === "refund_failed";
  return (
    <div className="flex flex-col gap-6">
      {back}
      <header className="flex flex-col gap-2">
        <p className="text-muted-foreground text-sm">{t(`kind.${f.kind}`)}</p>
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
          {ownTitle ? t(`kind.${f.kind}`) : tFailure(`short.${f.reason}`)}
          <RecoveredBadge row={f} />
        </h1>
        <p className="text-muted-foreground text-sm">{time.precise(f.occurredAt)}</p>
      </header>
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t("detail.meaning")}</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-2 text-sm">
            <p>{rejected ? t("detail.rejectedMeaning") : tFailure(`reasons.${f.reason}`)}</p>
            {rejected ? (
              <p>
                {t("detail.rejectedCount", {
                  count: f.occurrences,
                  time: time.dateTime(f.occurredAt),
                })}
              </p>
            ) : null}
            {rejected ? null : (
              <p className="font-medium">{tFailure(`next.${nextStepFor(f.reason)}`)}</p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("detail.facts")}</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm">
              <Item label={t("detail.providerCode")}>
                <span className="font-mono">{f.providerCode ?? "—"}</span>
              </Item>
              <Item label={t("detail.providerMessage")}>{f.providerMessage ?? "—"}</Item>
              <Item label={t("columns.method")}>{f.methodLabel ?? tKind(f.methodKind)}</Item>
              <Item label={t("columns.store")}>{f.storeName ?? "—"}</Item>
              <Item label={t("columns.staff")}>{f.staffName ?? "—"}</Item>
              <Item label={t("columns.amount")}>
                {f.amountMinor !== null && f.currency ? (
                  <Money minor={f.amountMinor} currency={f.currency} />
                ) : (
                  "—"
                )}
              </Item>
              <Item label={t("detail.contact")}>{f.customerContact ?? "—"}</Item>
              <Item label={t("detail.recoveredAt")}>
                {f.recoveredAt ? time.precise(f.recoveredAt) : "—"}
              </Item>
              {f.recoveredAmountMinor !== null && f.currency ? (
                <Item label={t("detail.recoveredAmount")}>
                  <Money minor={f.recoveredAmountMinor} currency={f.currency} />
                </Item>
              ) : null}
            </dl>
          </CardContent>
        </Card>
      </div>
      {order.data ? <Timeline order={order.data} /> : null}
      {f.orderId ? (
        <PlainLink href={`/orders/${f.orderId}`} className={buttonVariants({ className: "w-fit" })}>
          {t("detail.openOrder", { number: f.orderNumber ?? "" })}
          <ArrowRightIcon aria-hidden />
        </PlainLink>
      ) : (
        <p className="text-muted-foreground text-sm">{t("detail.noOrder")}</p>
      )}
    </div>
  );
}
