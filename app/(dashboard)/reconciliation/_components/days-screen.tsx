"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { useUrlState } from "@/app/_lib/use-url-state";
import { PageHeader } from "@/app/_components/page-header";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { addMonths, monthOf } from "../_lib/calendar";
import { dayParsers } from "../_lib/search-params";
import { DayCalendar, DayLegend } from "./day-calendar";
import { DayPanel } from "./day-panel";
import { useShopToday } from "./use-recon";

const monthPattern = /^\d{4}-\d{2}$/;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar per method for one month; the chosen day's figures and close beside it. */
export function DaysScreen({ canReconcile }: { canReconcile: boolean }) {
  const t = useTranslations("reconciliation");
  const trpc = useTRPC();
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const today = useShopToday();
  const [state, setState] = useUrlState(dayParsers, { history: "replace" });
  const month = state.month && monthPattern.test(state.month) ? state.month : monthOf(today);
  const day = state.day && dayPattern.test(state.day) ? state.day : null;
  const days = useQuery(trpc.reconciliation.days.queryOptions({ month }));

  const monthLabel = format.dateTime(new Date(`${month}-15T12:00:00Z`), {
    year: "numeric",
    month: "long",
    timeZone: "UTC",
  });
  const chosenMethod = days.data?.methods.find((m) => m.methodId === state.method) ?? null;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("days.title")} description={t("days.description")} />
      {canReconcile ? null : <p className="text-muted-foreground text-sm">{t("readOnly")}</p>}
      <div className="flex items-center gap-2">
        <Button
          variant="outline"
          size="icon"
          aria-label={t("days.previous")}
          onClick={() => void setState({ month: addMonths(month, -1), day: null })}
        >
          <ChevronLeftIcon />
        </Button>
        <h2 className="min-w-40 text-center text-lg font-semibold" aria-live="polite">
          {monthLabel}
        </h2>
        <Button
          variant="outline"
          size="icon"
          aria-label={t("days.next")}
          onClick={() => void setState({ month: addMonths(month, 1), day: null })}
        >
          <ChevronRightIcon />
        </Button>
      </div>
      <DayLegend />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="flex flex-col gap-4">
          {days.isError ? (
            <p role="alert" className="text-sm">
              {errorMessage(days.error)}
            </p>
          ) : !days.data ? (
            <Skeleton className="h-72" aria-busy="true" />
          ) : days.data.methods.length === 0 ? (
            <p className="text-muted-foreground text-sm">{t("days.noMethods")}</p>
          ) : (
            days.data.methods.map((m) => (
              <Card key={m.methodId}>
                <CardHeader>
                  <CardTitle>{m.label}</CardTitle>
                </CardHeader>
                <CardContent>
                  <DayCalendar
                    label={m.label}
                    month={month}
                    states={Object.fromEntries(m.days.map((d) => [d.day, d.state]))}
                    waiting={Object.fromEntries(
                      m.days
                        .filter((d) => d.waitingAtEdges > 0)
                        .map((d) => [d.day, d.waitingAtEdges]),
                    )}
                    selected={m.methodId === state.method ? day : null}
                    onSelect={(d) => void setState({ method: m.methodId, day: d })}
                    onMonth={(next) => void setState({ month: next })}
                  />
                </CardContent>
              </Card>
            ))
          )}
        </div>
        <div className="lg:sticky lg:top-20">
          {chosenMethod && day ? (
            <DayPanel methodId={chosenMethod.methodId} day={day} canReconcile={canReconcile} />
          ) : (
            <Card>
              <CardContent variant="bare" className="text-muted-foreground p-5 py-6 text-sm">
                {t("days.chooseDay")}
              </CardContent>
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
