"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useUrlState } from "@/app/_lib/use-url-state";
import { lazy, Suspense, useId } from "react";
import { PageHeader } from "@/app/_components/page-header";
import { Card } from "@/app/_components/ui/card";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { cn } from "@/app/_lib/cn";
import { useTRPC } from "@/app/_trpc/client";
import { analyticsParsers, analyticsTabs, presets, toFilters } from "../_lib/search-params";
import { OverviewView } from "./overview-view";
import { RebuildingNote } from "./rebuilding-note";

// The overview opens first; every other view's code is fetched when its tab is first shown.
const MethodsView = lazy(() => import("./methods-view").then((m) => ({ default: m.MethodsView })));
const BeforeAfterView = lazy(() =>
  import("./before-after-view").then((m) => ({ default: m.BeforeAfterView })),
);
const WhatIfView = lazy(() => import("./what-if-view").then((m) => ({ default: m.WhatIfView })));
const SatisfactionView = lazy(() =>
  import("./satisfaction-view").then((m) => ({ default: m.SatisfactionView })),
);
const CustomersView = lazy(() =>
  import("./customers-view").then((m) => ({ default: m.CustomersView })),
);
const TrafficView = lazy(() => import("./traffic-view").then((m) => ({ default: m.TrafficView })));

/** `isOwner`: the customers view offers the owner's erasure of one customer's data. */
export function AnalyticsDashboard({ isOwner }: { isOwner: boolean }) {
  const t = useTranslations("analytics");
  const trpc = useTRPC();
  const id = useId();
  const [state, setState] = useUrlState(analyticsParsers, { history: "replace" });
  const options = useQuery(trpc.analytics.options.queryOptions());
  const filters = toFilters(state);
  const currency = state.currency ?? options.data?.defaultCurrency ?? "";

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6">
      <PageHeader
        title={t("title")}
        description={
          options.data ? t("intro", { currency, zone: options.data.timeZone }) : undefined
        }
      />
      {options.data?.rebuilding && <RebuildingNote zone={options.data.timeZone} />}
      <Card className="grid grid-cols-2 gap-3 p-4 sm:grid-cols-3 md:p-5 lg:grid-cols-5">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-preset`}>{t("filters.period")}</Label>
          <NativeSelect
            id={`${id}-preset`}
            value={state.preset}
            onChange={(e) => void setState({ preset: e.target.value as (typeof presets)[number] })}
          >
            {presets.map((p) => (
              <option key={p} value={p}>
                {t(`filters.${p}`)}
              </option>
            ))}
          </NativeSelect>
        </div>
        {state.preset === "custom" ? (
          <>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${id}-from`}>{t("filters.from")}</Label>
              <Input
                id={`${id}-from`}
                type="date"
                value={state.from ?? ""}
                onChange={(e) => void setState({ from: e.target.value || null })}
              />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${id}-to`}>{t("filters.to")}</Label>
              <Input
                id={`${id}-to`}
                type="date"
                value={state.to ?? ""}
                onChange={(e) => void setState({ to: e.target.value || null })}
              />
            </div>
          </>
        ) : null}
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-store`}>{t("filters.store")}</Label>
          <NativeSelect
            id={`${id}-store`}
            value={state.store ?? ""}
            onChange={(e) => void setState({ store: e.target.value || null })}
          >
            <option value="">{t("filters.allStores")}</option>
            {options.data?.stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-currency`}>{t("filters.currency")}</Label>
          <NativeSelect
            id={`${id}-currency`}
            value={currency}
            onChange={(e) => void setState({ currency: e.target.value })}
          >
            {options.data?.currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </NativeSelect>
        </div>
      </Card>

      {/* A phone picks the view from a list (seven tabs never fit 390 px); wider screens wrap the tabs. */}
      <div className="flex flex-col gap-1.5 sm:hidden">
        <Label htmlFor={`${id}-tab`}>{t("tabsPick")}</Label>
        <NativeSelect
          id={`${id}-tab`}
          value={state.tab}
          onChange={(e) => void setState({ tab: e.target.value as (typeof analyticsTabs)[number] })}
        >
          {analyticsTabs.map((tab) => (
            <option key={tab} value={tab}>
              {t(`tabs.${tab}`)}
            </option>
          ))}
        </NativeSelect>
      </div>
      <nav aria-label={t("title")} className="hidden flex-wrap gap-1 border-b sm:flex">
        {analyticsTabs.map((tab) => (
          <button
            key={tab}
            type="button"
            aria-current={state.tab === tab ? "page" : undefined}
            onClick={() => void setState({ tab })}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
              state.tab === tab
                ? "border-primary text-foreground"
                : "text-muted-foreground hover:text-foreground border-transparent",
            )}
          >
            {t(`tabs.${tab}`)}
          </button>
        ))}
      </nav>

      {!options.data ? (
        <Skeleton className="h-64" />
      ) : (
        <Suspense fallback={<Skeleton className="h-64" />}>
          {state.tab === "overview" ? (
            <OverviewView filters={filters} />
          ) : state.tab === "methods" ? (
            <MethodsView filters={filters} />
          ) : state.tab === "beforeAfter" ? (
            <BeforeAfterView
              filters={filters}
              methods={options.data.methods}
              methodId={state.method}
              adoptedOn={state.adopted}
              days={state.days}
              onChange={(next) => void setState(next)}
            />
          ) : state.tab === "whatIf" ? (
            <WhatIfView
              filters={filters}
              methods={options.data.methods}
              sourceId={state.source}
              targetId={state.target}
              rate={state.rate}
              fixed={state.fixed}
              currency={currency}
              onChange={(next) => void setState(next)}
            />
          ) : state.tab === "satisfaction" ? (
            <SatisfactionView filters={filters} />
          ) : state.tab === "customers" ? (
            <CustomersView filters={filters} methods={options.data.methods} isOwner={isOwner} />
          ) : (
            <TrafficView filters={filters} />
          )}
        </Suspense>
      )}
    </div>
  );
}
