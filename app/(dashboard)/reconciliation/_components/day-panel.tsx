"use client";

import { useMutation, useQuery } from "@/app/_trpc/query-hooks";
import { DownloadIcon, LockIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type ReactNode } from "react";
import { toast } from "@/app/_components/toast";
import { Money } from "@/app/_components/money";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/app/_components/ui/alert-dialog";
import { Badge } from "@/app/_components/ui/badge";
import { Button, buttonVariants } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import { closeExportHref, type DayClose } from "../_lib/search-params";
import { dayStateClass } from "./day-calendar";
import { useDayFormat, useReconChanged } from "./use-recon";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

/** One method's day: the close's figures, what is still open, the split by store, the close. */
export function DayPanel({
  methodId,
  day,
  canReconcile,
}: {
  methodId: string;
  day: string;
  canReconcile: boolean;
}) {
  const t = useTranslations("reconciliation.days");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const dayFormat = useDayFormat();
  const close = useQuery(trpc.reconciliation.dayClose.queryOptions({ methodId, day }));

  if (close.isError)
    return (
      <Card>
        <CardContent role="alert" variant="bare" className="p-5 py-6 text-sm">
          {errorMessage(close.error)}
        </CardContent>
      </Card>
    );
  if (!close.data) return <Skeleton className="h-96" aria-busy="true" />;
  const c = close.data;
  return (
    <Card aria-labelledby="day-panel-title">
      <CardHeader variant="bare" className="flex flex-col gap-2 p-5 pb-3">
        <CardTitle id="day-panel-title">
          {t("panel", { method: c.methodLabel, day: dayFormat(day, "long") })}
        </CardTitle>
        <Badge variant="plain" className={cn("w-fit", dayStateClass[c.state])}>
          {c.state === "closed" ? <LockIcon aria-hidden className="size-3" /> : null}
          {t(`state.${c.state}`)}
        </Badge>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        <Figures close={c} />
        <OpenWork close={c} />
        <WaitingAtEdges close={c} />
        <ByStore close={c} />
        <CloseSection close={c} canReconcile={canReconcile} />
      </CardContent>
    </Card>
  );
}

function Row({
  label,
  children,
  strong,
}: {
  label: string;
  children: ReactNode;
  strong?: boolean;
}) {
  return (
    <div
      className={cn("flex items-baseline justify-between gap-3 py-1", strong && "font-semibold")}
    >
      <dt className={strong ? undefined : "text-muted-foreground"}>{label}</dt>
      <dd className="tabular-nums">{children}</dd>
    </div>
  );
}

function Figures({ close: c }: { close: DayClose }) {
  const t = useTranslations("reconciliation.days");
  const dayFormat = useDayFormat();
  const currency = c.currency ?? "CNY";
  const money = (minor: bigint) => <Money minor={minor} currency={currency} />;
  const f = c.figures;
  const feesDiffer = f.theirFeesMinor !== f.ourFeesMinor;
  return (
    <section className="flex flex-col gap-1">
      {c.state === "closed" ? null : (
        <p className="text-muted-foreground text-xs">{t("preview")}</p>
      )}
      <dl className="divide-y text-sm">
        <Row label={t("lineCount")}>{f.lineCount}</Row>
        <Row label={t("gross")}>{money(f.grossMinor)}</Row>
        <Row label={t("theirFees")}>
          <span className={feesDiffer ? "font-medium text-amber-700" : undefined}>
            {money(f.theirFeesMinor)}
          </span>
        </Row>
        <Row label={t("ourFees")}>{money(f.ourFeesMinor)}</Row>
        <Row label={t("refunds")}>{money(f.refundsMinor)}</Row>
        <Row label={t("net")} strong>
          {money(f.netMinor)}
        </Row>
        <Row label={t("settlement")}>{dayFormat(f.expectedSettlementDay)}</Row>
      </dl>
    </section>
  );
}

function OpenWork({ close: c }: { close: DayClose }) {
  const t = useTranslations("reconciliation.days");
  const tReason = useTranslations("reconciliation.reopened");
  const time = useShopTime();
  const queue = `/reconciliation/differences?${new URLSearchParams({
    status: "open",
    method: c.methodId,
    from: c.day,
    to: c.day,
  })}`;
  return (
    <section className="flex flex-col gap-1 text-sm">
      <p className={c.openDifferences > 0 ? "font-medium text-amber-800" : undefined}>
        {t("openDifferences", { count: c.openDifferences })}
      </p>
      {c.pendingLines > 0 ? <p>{t("pendingLines", { count: c.pendingLines })}</p> : null}
      {c.differences.length > 0 ? (
        <PlainLink href={queue} className="text-primary w-fit hover:underline">
          {t("seeDifferences")}
        </PlainLink>
      ) : null}
      {c.reopenedAt && c.reopenedReason && c.state !== "closed" ? (
        <p className="text-muted-foreground text-xs">
          {t("reopenedAt", {
            at: time.dateTime(c.reopenedAt),
            reason: tReason.has(c.reopenedReason) ? tReason(c.reopenedReason) : "—",
          })}
        </p>
      ) : null}
    </section>
  );
}

/** Payments near an edge of the statements, waiting for the neighbouring one (never judged yet). */
function WaitingAtEdges({ close: c }: { close: DayClose }) {
  const t = useTranslations("reconciliation.days.waiting");
  const time = useShopTime();
  const count = c.waitingAtEdges.length;
  if (count === 0) return null;
  return (
    <section aria-labelledby="day-waiting" className="flex flex-col gap-1 text-sm">
      <h3 id="day-waiting" className="font-medium">
        {t("title", { count })}
      </h3>
      <p className="text-muted-foreground text-xs">{t("why")}</p>
      <ul className="divide-y">
        {c.waitingAtEdges.map((w) => (
          <li key={w.id} className="flex flex-wrap items-baseline justify-between gap-x-3 py-1">
            <span>
              {time.precise(w.at)} · {t(w.kind)} · {w.orderNumber}
            </span>
            <span className="tabular-nums">
              <Money minor={w.amountMinor} currency={w.currency} />
            </span>
          </li>
        ))}
      </ul>
      <p className="text-muted-foreground text-xs">{t("noHold")}</p>
    </section>
  );
}

function ByStore({ close: c }: { close: DayClose }) {
  const t = useTranslations("reconciliation.days");
  if (c.byStore.length === 0) return null;
  const currency = c.currency ?? "CNY";
  return (
    <section className="flex flex-col gap-1">
      <h3 className="text-sm font-medium">{t("byStore")}</h3>
      <dl className="divide-y text-sm">
        {c.byStore.map((s) => (
          <Row key={s.storeId ?? "none"} label={`${s.storeName ?? t("noStore")} · ${s.lineCount}`}>
            <Money minor={s.grossMinor} currency={currency} />
          </Row>
        ))}
      </dl>
    </section>
  );
}

/** "Close the day" with its confirmation, or why not yet; a closed day shows who and its export. */
function CloseSection({ close: c, canReconcile }: { close: DayClose; canReconcile: boolean }) {
  const t = useTranslations("reconciliation.days");
  const tRecon = useTranslations("reconciliation");
  const time = useShopTime();
  const dayFormat = useDayFormat();
  const trpc = useTRPC();
  const changed = useReconChanged();
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  const closeDay = useMutation(
    trpc.reconciliation.close.mutationOptions({
      onSuccess: async () => {
        setError(null);
        toast.success(t("close.done", { day: dayFormat(c.day) }));
        await changed();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  if (c.state === "closed")
    return (
      <section className="flex flex-col gap-3 border-t pt-4 text-sm">
        <p className="flex gap-2">
          <LockIcon className="mt-0.5 size-4 shrink-0" aria-hidden />
          <span>{t("locked")}</span>
        </p>
        {c.closedAt ? (
          <p className="text-muted-foreground">
            {c.closedByName
              ? isolatedSentence(
                  t,
                  "closedAtBy",
                  { at: time.dateTime(c.closedAt), name: c.closedByName },
                  ["name"],
                )
              : t("closedAt", { at: time.dateTime(c.closedAt) })}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {(["csv", "xlsx"] as const).map((format) => (
            <a
              key={format}
              href={closeExportHref(c.methodId, c.day, format)}
              download
              className={buttonVariants({ variant: "outline", size: "sm" })}
            >
              <DownloadIcon aria-hidden />
              {tRecon(`export.${format}`)}
            </a>
          ))}
        </div>
      </section>
    );
  if (!canReconcile) return null;
  const reason = c.state === "ready" ? null : t(`notClosable.${c.state}`);
  return (
    <section className="flex flex-col gap-2 border-t pt-4">
      <AlertDialog>
        <AlertDialogTrigger asChild>
          <Button
            disabled={reason !== null || closeDay.isPending}
            aria-describedby={reason ? "day-close-reason" : undefined}
          >
            <LockIcon aria-hidden />
            {t("close.action")}
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent>
          <AlertDialogTitle>
            {t("close.title", { day: dayFormat(c.day, "long"), method: c.methodLabel })}
          </AlertDialogTitle>
          <AlertDialogDescription>
            {t("close.body")}
            {c.waitingAtEdges.length > 0 ? (
              <span className="mt-2 block">
                {t("close.waiting", { count: c.waitingAtEdges.length })}
              </span>
            ) : null}
          </AlertDialogDescription>
          <AlertDialogFooter>
            <AlertDialogCancel>{tRecon("cancel")}</AlertDialogCancel>
            <AlertDialogAction
              onClick={() => closeDay.mutate({ methodId: c.methodId, day: c.day })}
            >
              {t("close.confirm")}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
      {reason ? (
        <p id="day-close-reason" className="text-muted-foreground text-sm">
          {reason}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-destructive text-sm">
          {error}
        </p>
      ) : null}
    </section>
  );
}
