"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { CircleCheckIcon, DownloadIcon } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useQueryStates } from "nuqs";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { KeysetPager } from "@/app/_components/keyset-pager";
import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import {
  failureExportHref,
  failureFilterParsers,
  toFailureListInput,
  type FailureRow,
} from "../_lib/search-params";
import { FailureFilters } from "./failure-filters";
import { SpikeAlerts } from "./spike-alerts";

export function FailureLog({
  stores,
  showAlerts,
}: {
  stores: { id: string; name: string }[];
  showAlerts: boolean;
}) {
  const t = useTranslations("failures");
  const format = useFormatter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [filters, setFilters] = useQueryStates(failureFilterParsers, { history: "push" });
  const list = useQuery({
    ...trpc.failures.list.queryOptions(toFailureListInput(filters), {
      placeholderData: keepPreviousData,
    }),
    // The first page is the counter's live queue of failures: it refreshes by itself.
    refetchInterval: filters.cursor ? false : 15_000,
  });

  const filtered = Object.entries(filters).some(([k, v]) => k !== "cursor" && v !== null);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t("log.title")}
        description={t("log.description")}
        actions={
          list.data?.total ? (
            // The server streams the file with the same filters: no size limit, no wait here.
            <Button asChild variant="outline">
              <a href={failureExportHref(filters)} download>
                <DownloadIcon aria-hidden />
                {t("log.export")}
              </a>
            </Button>
          ) : (
            <Button variant="outline" disabled>
              <DownloadIcon aria-hidden />
              {t("log.export")}
            </Button>
          )
        }
      />
      {showAlerts ? <SpikeAlerts /> : null}
      <Card className="p-4 md:p-5">
        <FailureFilters
          filters={filters}
          stores={stores}
          onChange={(next) => void setFilters({ ...next, cursor: null })}
        />
      </Card>
      <section
        aria-labelledby="failure-results"
        aria-busy={list.isFetching}
        className="flex flex-col gap-3"
      >
        <h2 id="failure-results" className="sr-only">
          {t("log.results")}
        </h2>
        {list.isPending ? (
          <Card className="flex flex-col gap-3 p-5" aria-busy="true">
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} className="h-12" />
            ))}
          </Card>
        ) : list.isError ? (
          <Card role="alert" className="flex flex-col items-start gap-3 p-5 text-sm">
            <p>{errorMessage(list.error)}</p>
            <Button variant="outline" size="sm" onClick={() => void list.refetch()}>
              {t("retry")}
            </Button>
          </Card>
        ) : list.data.rows.length === 0 ? (
          <Card className="flex flex-col items-center gap-3 px-5 py-12 text-center">
            <CircleCheckIcon className="text-muted-foreground size-10" aria-hidden />
            <p className="font-medium">{filtered ? t("log.emptyFiltered") : t("log.empty")}</p>
            <p className="text-muted-foreground max-w-sm text-sm">
              {filtered ? t("log.emptyFilteredHint") : t("log.emptyHint")}
            </p>
          </Card>
        ) : (
          <>
            <p className="text-muted-foreground text-sm" aria-live="polite">
              {list.data.totalIsCapped
                ? t("log.countCapped", { count: format.number(list.data.total) })
                : t("log.count", { count: list.data.total })}
            </p>
            <FailureRows rows={list.data.rows} />
            <KeysetPager
              labels={{
                pagination: t("log.pagination"),
                firstPage: t("log.firstPage"),
                nextPage: t("log.nextPage"),
              }}
              onFirst={filters.cursor ? () => void setFilters({ cursor: null }) : null}
              onNext={
                list.data.nextCursor && !list.isPlaceholderData
                  ? () => void setFilters({ cursor: list.data.nextCursor })
                  : null
              }
            />
          </>
        )}
      </section>
    </div>
  );
}

export function RecoveredBadge({ row }: { row: Pick<FailureRow, "recoveredAt" | "orderId"> }) {
  const t = useTranslations("failures.recovered");
  if (!row.orderId) return <span className="text-muted-foreground text-xs">—</span>;
  return row.recoveredAt ? (
    <Badge className="bg-emerald-100 text-emerald-800">{t("yes")}</Badge>
  ) : (
    <Badge variant="outline">{t("no")}</Badge>
  );
}

function FailureRows({ rows }: { rows: FailureRow[] }) {
  const t = useTranslations("failures");
  const tShort = useTranslations("orders.failure.short");
  const tKind = useTranslations("paymentMethods.kinds");
  const time = useShopTime();
  // A rejected notification and a refund failure say what happened; a payment, why it failed.
  const what = (r: FailureRow) =>
    r.kind === "notification_rejected" || r.kind === "refund_failed"
      ? t(`kind.${r.kind}`)
      : tShort(r.reason);
  return (
    <>
      <ul className="flex flex-col gap-2 lg:hidden">
        {rows.map((r) => (
          <li key={r.id}>
            <Link
              href={`/failures/${r.id}`}
              className="bg-card hover:bg-accent/40 focus-visible:ring-ring/50 grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 rounded-xl border p-4 shadow-xs outline-none focus-visible:ring-[3px]"
            >
              <span className="font-medium">{what(r)}</span>
              {r.amountMinor !== null && r.currency ? (
                <Money
                  minor={r.amountMinor}
                  currency={r.currency}
                  className="text-right font-semibold"
                />
              ) : (
                <span />
              )}
              <span className="text-muted-foreground truncate text-xs">
                {time.dateTime(r.occurredAt)} · {r.methodLabel ?? tKind(r.methodKind)}
              </span>
              <span className="row-span-2 self-end justify-self-end">
                <RecoveredBadge row={r} />
              </span>
              <span className="text-muted-foreground truncate text-xs">
                {[r.orderNumber, r.storeName].filter(Boolean).join(" · ") || "—"}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <Card className="hidden overflow-hidden lg:block">
        <table className="w-full text-sm">
          <caption className="sr-only">{t("log.title")}</caption>
          <thead className="bg-muted/50 text-muted-foreground border-b text-left text-xs">
            <tr>
              {(["time", "reason", "method", "store", "order", "amount", "recovered"] as const).map(
                (c) => (
                  <th
                    key={c}
                    scope="col"
                    className={
                      c === "amount" ? "px-4 py-3 text-right font-medium" : "px-4 py-3 font-medium"
                    }
                  >
                    {t(`columns.${c}`)}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody className="divide-y">
            {rows.map((r) => (
              <tr key={r.id} className="hover:bg-accent/40 relative">
                <td className="text-muted-foreground px-4 py-3 whitespace-nowrap tabular-nums">
                  <Link
                    href={`/failures/${r.id}`}
                    className="focus-visible:ring-ring/50 outline-none after:absolute after:inset-0 hover:underline focus-visible:ring-[3px]"
                  >
                    {time.dateTime(r.occurredAt)}
                  </Link>
                </td>
                <td className="px-4 py-3">
                  <div className="font-medium">{what(r)}</div>
                  {r.providerCode ? (
                    <div className="text-muted-foreground font-mono text-xs">{r.providerCode}</div>
                  ) : null}
                </td>
                <td className="max-w-48 truncate px-4 py-3">
                  {r.methodLabel ?? tKind(r.methodKind)}
                </td>
                <td className="max-w-40 truncate px-4 py-3">{r.storeName ?? "—"}</td>
                <td className="px-4 py-3 font-mono whitespace-nowrap">{r.orderNumber ?? "—"}</td>
                <td className="px-4 py-3 text-right whitespace-nowrap">
                  {r.amountMinor !== null && r.currency ? (
                    <Money minor={r.amountMinor} currency={r.currency} />
                  ) : (
                    "—"
                  )}
                </td>
                <td className="px-4 py-3">
                  <RecoveredBadge row={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
