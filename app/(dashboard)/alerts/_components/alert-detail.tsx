"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { ArrowLeftIcon, ArrowRightIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { alertEntityHref } from "@/server/alerts/alert-view.logic";
import { useShopTime } from "../../_lib/use-shop-time";
import { useAlertStory } from "../_lib/use-alert-story";
import { AcknowledgeButton, ResolveAlertDialog } from "./alert-actions";
import { AlertStatusBadge } from "./alert-status-badge";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

const entityTypes = new Set(["order", "payment_method", "user"]);

/** One alert: what happened in words, the numbers, what it is about, who handled it. */
export function AlertDetail({ alertId, isOwner }: { alertId: string; isOwner: boolean }) {
  const t = useTranslations("alerts");
  const trpc = useTRPC();
  const time = useShopTime();
  const errorMessage = useErrorMessage();
  const { tell } = useAlertStory();
  const alert = useQuery(trpc.alerts.byId.queryOptions({ alertId }));

  const back = (
    <PlainLink
      href="/alerts"
      className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-sm"
    >
      <ArrowLeftIcon className="size-4" aria-hidden />
      {t("back")}
    </PlainLink>
  );
  if (alert.isPending)
    return (
      <div className="mx-auto flex max-w-3xl flex-col gap-4" aria-busy="true">
        {back}
        <span className="sr-only">{t("loading")}</span>
        <Skeleton className="h-8 w-72 max-w-full" />
        <Skeleton className="h-40" />
      </div>
    );
  if (alert.isError)
    return (
      <div className="mx-auto flex max-w-3xl flex-col gap-4">
        {back}
        <div role="alert" className="bg-card flex flex-col items-start gap-3 rounded-xl border p-5">
          <p>
            {alert.error.data?.code === "NOT_FOUND" ? t("notFound") : errorMessage(alert.error)}
          </p>
          <Button variant="outline" size="sm" onClick={() => void alert.refetch()}>
            {t("retry")}
          </Button>
        </div>
      </div>
    );

  const a = alert.data;
  const story = tell(a);
  const href = alertEntityHref(a);
  // The team page is the owner's: a manager reads the person's name without a link.
  const entityHref = href === "/team" && !isOwner ? null : href;
  const entityText = entityTypes.has(a.entityType)
    ? t(`entity.${a.entityType as "order" | "payment_method" | "user"}`, {
        label: a.entityLabel ?? a.entityId ?? "—",
      })
    : t("entity.unknown", { type: a.entityType, id: a.entityId ?? "" });
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      {back}
      <div className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{story.title}</h1>
          <AlertStatusBadge status={a.status} />
        </div>
        <p className="text-muted-foreground text-sm">
          {t("raisedAt", { time: time.dateTime(a.createdAt) })}
        </p>
      </div>
      <Card>
        <CardContent variant="bare" className="flex flex-col gap-4 p-5 text-sm">
          <p className="text-base break-words">{story.explain ?? t("rawHint")}</p>
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span className="text-muted-foreground">{t("about")}:</span>
            <span className="min-w-0 break-words">{entityText}</span>
            {entityHref ? (
              <PlainLink
                href={entityHref}
                className="text-primary inline-flex items-center gap-1 underline-offset-4 hover:underline"
              >
                {t("entity.open")}
                <ArrowRightIcon className="size-4" aria-hidden />
              </PlainLink>
            ) : null}
          </div>
        </CardContent>
      </Card>
      {story.facts.length > 0 ? (
        <Card aria-labelledby="alert-numbers">
          <CardHeader variant="tight">
            <CardTitle id="alert-numbers">{t("numbers")}</CardTitle>
          </CardHeader>
          <CardContent className="px-5 pb-5">
            <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
              {story.facts.map((f) => (
                <div key={f.key} className="contents">
                  <dt className="text-muted-foreground">{f.label}</dt>
                  <dd className="min-w-0 font-medium break-all tabular-nums">{f.value}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
      ) : null}
      {a.acknowledgedAt || a.resolvedAt ? (
        <ul className="text-muted-foreground flex flex-col gap-1 text-sm">
          {a.acknowledgedAt ? (
            <li>
              {isolatedSentence(
                t,
                "history.acknowledged",
                {
                  name: a.acknowledgedByName ?? t("history.nobody"),
                  time: time.dateTime(a.acknowledgedAt),
                },
                ["name"],
              )}
            </li>
          ) : null}
          {a.resolvedAt ? (
            <li>
              {isolatedSentence(
                t,
                "history.resolved",
                {
                  name: a.resolvedByName ?? t("history.nobody"),
                  time: time.dateTime(a.resolvedAt),
                },
                ["name"],
              )}
            </li>
          ) : null}
          {a.resolutionNote ? (
            <li className="text-foreground break-words whitespace-pre-wrap">
              {t("history.note", { note: a.resolutionNote })}
            </li>
          ) : null}
        </ul>
      ) : null}
      {a.status === "resolved" ? null : (
        <div className="flex flex-wrap gap-2">
          {a.status === "open" ? <AcknowledgeButton alertId={a.id} /> : null}
          <ResolveAlertDialog alertId={a.id} />
        </div>
      )}
    </div>
  );
}
