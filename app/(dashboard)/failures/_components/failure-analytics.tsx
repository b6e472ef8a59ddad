"use client";

import { keepPreviousData, useQuery } from "@/app/_trpc/query-hooks";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { useState, type ReactNode } from "react";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_components/ui/table";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { addDays, localDate } from "@/server/time/local-date.logic";
import type { MethodKind, RouterOutputs } from "../../_lib/router-types";
import { useShopTime } from "../../_lib/use-shop-time";
import { methodKinds } from "../../orders/_lib/search-params";

type Stats = RouterOutputs["failures"]["analytics"];
type RateRow = { attempts: number; failures: number; rate: number | null };

/** A local date `daysAgo` days before today in the shop's zone (the device's until it is known). */
function localDay(timeZone: string | undefined, daysAgo = 0) {
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return addDays(localDate(new Date(), zone), -daysAgo);
}

/** A horizontal bar for a share between 0 and 1 (decorative: the number sits beside it). */
function Bar({ value, tone = "bg-rose-500" }: { value: number; tone?: string }) {
  return (
    <div aria-hidden className="bg-muted h-2 w-full overflow-hidden rounded-full">
      <div className={`${tone} h-full`} style={{ width: `${Math.min(100, value * 100)}%` }} />
    </div>
  );
}

export function FailureAnalytics({ stores }: { stores: { id: string; name: string }[] }) {
  const t = useTranslations("failures.analytics");
  const tAny = useTranslations("failures.filters");
  const tKind = useTranslations("paymentMethods.kinds");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const { timeZone } = useShopTime();
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const [storeId, setStoreId] = useState("");
  const [methodKind, setMethodKind] = useState<MethodKind | "">("");
  const from = range.from ?? localDay(timeZone, 29);
  const to = range.to ?? localDay(timeZone);
  const stats = useQuery({
    ...trpc.failures.analytics.queryOptions(
      {
        from,
        to,
        storeId: storeId || undefined,
        methodKind: methodKind || undefined,
      },
      { placeholderData: keepPreviousData },
    ),
    enabled: timeZone !== undefined,
  });

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("title")} description={t("description")} />
      <Card className="grid grid-cols-1 gap-3 p-4 sm:grid-cols-2 md:p-5 lg:grid-cols-4">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="stats-from">{tAny("from")}</Label>
          <Input
            id="stats-from"
            type="date"
            value={from}
            max={to}
            onChange={(e) => e.target.value && setRange({ from: e.target.value, to })}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="stats-to">{tAny("to")}</Label>
          <Input
            id="stats-to"
            type="date"
            value={to}
            min={from}
            onChange={(e) => e.target.value && setRange({ from, to: e.target.value })}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="stats-store">{tAny("store")}</Label>
          <NativeSelect
            id="stats-store"
            value={storeId}
            onChange={(e) => setStoreId(e.target.value)}
          >
            <option value="">{tAny("any")}</option>
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="stats-method">{tAny("method")}</Label>
          <NativeSelect
            id="stats-method"
            value={methodKind}
            onChange={(e) => setMethodKind(e.target.value as MethodKind | "")}
          >
            <option value="">{tAny("any")}</option>
            {methodKinds.map((k) => (
              <option key={k} value={k}>
                {tKind(k)}
              </option>
            ))}
          </NativeSelect>
        </div>
      </Card>
      {stats.isError ? (
        <Card role="alert" className="p-5 text-sm">
          {errorMessage(stats.error)}
        </Card>
      ) : !stats.data ? (
        <div className="grid gap-4 md:grid-cols-3" aria-busy="true">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-32" />
          ))}
        </div>
      ) : (
        <Report stats={stats.data} busy={stats.isFetching} />
      )}
    </div>
  );
}

function Report({ stats, busy }: { stats: Stats; busy: boolean }) {
  const t = useTranslations("failures.analytics");
  const tShort = useTranslations("orders.failure.short");
  const tKind = useTranslations("paymentMethods.kinds");
  const format = useFormatter();
  const pct = (v: number | null) =>
    v === null ? "—" : format.number(v, { style: "percent", maximumFractionDigits: 1 });
  const r = stats.recovery;
  const peak = Math.max(1, ...stats.byDay.map((d) => d.attempts));
  return (
    <div className="flex flex-col gap-6" aria-busy={busy}>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Figure label={t("failureRate")} value={pct(stats.total.rate)}>
          {t("ofAttempts", { failures: stats.total.failures, attempts: stats.total.attempts })}
        </Figure>
        <Figure label={t("failedOrders")} value={format.number(r.failedOrders)}>
          {t("failedOrdersHint")}
        </Figure>
        <Figure label={t("recoveryRate")} value={pct(r.rate)}>
          {t("recoveredOrders", { count: r.recoveredOrders })}
        </Figure>
        <Figure
          label={t("moneyRecovered")}
          value={
            r.recoveredMoney.length === 0 ? (
              "—"
            ) : (
              <span className="flex flex-col">
                {r.recoveredMoney.map((m) => (
                  <Money key={m.currency} minor={m.amountMinor} currency={m.currency} />
                ))}
              </span>
            )
          }
        >
          {t("moneyRecoveredHint")}
        </Figure>
      </div>

      {stats.total.attempts === 0 ? (
        <Card variant="tinted" className="bg-card text-muted-foreground p-8 text-center text-sm">
          {t("empty")}
        </Card>
      ) : (
        <>
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle>{t("topReasons")}</CardTitle>
              </CardHeader>
              <CardContent>
                {stats.topReasons.length === 0 ? (
                  <p className="text-muted-foreground text-sm">{t("noFailures")}</p>
                ) : (
                  <ul className="flex flex-col gap-3 text-sm">
                    {stats.topReasons.map((x) => (
                      <li key={x.reason} className="flex flex-col gap-1">
                        <div className="flex justify-between gap-2">
                          <span>{tShort(x.reason as "unknown")}</span>
                          <span className="tabular-nums">
                            {x.count} · {pct(x.share)}
                          </span>
                        </div>
                        <Bar value={x.share} />
                      </li>
                    ))}
                  </ul>
                )}
              </CardContent>
            </Card>
            <RateTable
              title={t("byMethod")}
              head={t("method")}
              rows={stats.byMethod.map((m) => ({ key: m.methodId, label: m.methodLabel, ...m }))}
            />
            <RateTable
              title={t("byStore")}
              head={t("store")}
              rows={stats.byStore.map((s) => ({ key: s.storeId, label: s.storeName, ...s }))}
            />
            <Card>
              <CardHeader>
                <CardTitle>{t("matrix")}</CardTitle>
              </CardHeader>
              <CardContent className="overflow-x-auto">
                <Table>
                  <TableCaption className="sr-only">{t("matrix")}</TableCaption>
                  <TableHeader>
                    <TableRow>
                      <TableHead scope="col" className="py-2 pr-3 font-medium">
                        {t("reason")}
                      </TableHead>
                      <TableHead scope="col" className="py-2 pr-3 font-medium">
                        {t("method")}
                      </TableHead>
                      <TableHead
                        scope="col"
                        variant="bare"
                        className="py-2 pr-3 text-right font-medium last:pr-0"
                      >
                        {t("count")}
                      </TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {stats.matrix.map((m) => (
                      <TableRow key={`${m.reason}-${m.methodKind}`}>
                        <TableCell className="py-2 pr-3">{tShort(m.reason as "unknown")}</TableCell>
                        <TableCell className="py-2 pr-3">{tKind(m.methodKind as "cash")}</TableCell>
                        <TableCell className="py-2 text-right tabular-nums">{m.count}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </CardContent>
            </Card>
          </div>
          <Card>
            <CardHeader>
              <CardTitle>{t("trend")}</CardTitle>
            </CardHeader>
            {/* relative: each bar's sr-only text is absolutely placed, and would otherwise
                stretch the page past this scroll box (227 px sideways on a phone). */}
            <CardContent className="relative overflow-x-auto">
              <ol className="flex h-40 min-w-fit items-end gap-1" aria-label={t("trend")}>
                {stats.byDay.map((d) => (
                  <li
                    key={d.day}
                    className="flex w-4 flex-col justify-end"
                    title={`${d.day}: ${t("ofAttempts", { failures: d.failures, attempts: d.attempts })}`}
                  >
                    <span className="sr-only">
                      {d.day}: {t("ofAttempts", { failures: d.failures, attempts: d.attempts })}
                    </span>
                    <div
                      aria-hidden
                      className="bg-muted flex flex-col justify-end rounded-t"
                      style={{ height: `${(d.attempts / peak) * 9}rem` }}
                    >
                      <div
                        className="rounded-t bg-rose-500"
                        style={{ height: `${d.attempts ? (d.failures / d.attempts) * 100 : 0}%` }}
                      />
                    </div>
                  </li>
                ))}
              </ol>
              <p className="text-muted-foreground mt-2 text-xs">{t("trendHint")}</p>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>{t("byHour", { zone: stats.timeZone })}</CardTitle>
            </CardHeader>
            <CardContent>
              <ol className="grid grid-cols-6 gap-2 text-xs sm:grid-cols-12">
                {stats.byHour.map((h) => (
                  <li key={h.hour} className="flex flex-col gap-1 rounded-md border p-2">
                    <span className="text-muted-foreground tabular-nums">
                      {String(h.hour).padStart(2, "0")}:00
                    </span>
                    <span className="font-medium tabular-nums">{pct(h.rate)}</span>
                    <span className="text-muted-foreground tabular-nums">
                      {h.failures}/{h.attempts}
                    </span>
                  </li>
                ))}
              </ol>
            </CardContent>
          </Card>
        </>
      )}
    </div>
  );
}

function Figure({
  label,
  value,
  children,
}: {
  label: string;
  value: ReactNode;
  children: ReactNode;
}) {
  return (
    // Half a phone's width: "CN¥2,465.00" in text-2xl was wider than its card, and pushed the
    // page 3 px sideways; a longer amount still wraps inside the card rather than spill out.
    <Card className="flex min-w-0 flex-col gap-1 p-4">
      <p className="text-muted-foreground text-xs">{label}</p>
      <p className="text-xl font-semibold wrap-anywhere tabular-nums sm:text-2xl">{value}</p>
      <p className="text-muted-foreground text-xs">{children}</p>
    </Card>
  );
}

function RateTable({
  title,
  head,
  rows,
}: {
  title: string;
  head: string;
  rows: (RateRow & { key: string; label: string })[];
}) {
  const t = useTranslations("failures.analytics");
  const format = useFormatter();
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent className="overflow-x-auto">
        <Table>
          <TableCaption className="sr-only">{title}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col" className="py-2 pr-3 font-medium">
                {head}
              </TableHead>
              <TableHead
                scope="col"
                variant="bare"
                className="py-2 pr-3 text-right font-medium last:pr-0"
              >
                {t("attempts")}
              </TableHead>
              <TableHead
                scope="col"
                variant="bare"
                className="py-2 pr-3 text-right font-medium last:pr-0"
              >
                {t("failures")}
              </TableHead>
              <TableHead scope="col" className="w-1/3 py-2 font-medium">
                {t("rate")}
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.key}>
                <TableCell className="max-w-40 truncate py-2 pr-3">{r.label}</TableCell>
                <TableCell className="py-2 pr-3 text-right tabular-nums">{r.attempts}</TableCell>
                <TableCell className="py-2 pr-3 text-right tabular-nums">{r.failures}</TableCell>
                <TableCell className="py-2">
                  <div className="flex items-center gap-2">
                    <span className="w-12 text-right tabular-nums">
                      {r.rate === null
                        ? "—"
                        : format.number(r.rate, { style: "percent", maximumFractionDigits: 1 })}
                    </span>
                    <Bar value={r.rate ?? 0} />
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
