"use client";

import { keepPreviousData, useQuery } from "@/app/_trpc/query-hooks";
import { CircleCheckIcon, DownloadIcon } from "lucide-react";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { useUrlState } from "@/app/_lib/use-url-state";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { Badge } from "@/app/_components/ui/badge";
import { Button, buttonVariants } from "@/app/_components/ui/button";
import { cn } from "@/app/_lib/cn";
import { useKeysetList } from "@/app/_components/keyset-list";
import type { DataTableColumn } from "@/app/_components/data-table";
import { FilteredTable } from "@/app/_components/filtered-table";
import { StepUpDownload } from "@/app/_components/step-up-download";
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
  exportHoldsContacts,
}: {
  stores: { id: string; name: string }[];
  showAlerts: boolean;
  /** The file has customers' contacts for this role: downloading asks "Confirm it's you". */
  exportHoldsContacts: boolean;
}) {
  const t = useTranslations("failures");
  const format = useFormatter();
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlState(failureFilterParsers, { history: "push" });
  const list = useQuery({
    ...trpc.failures.list.queryOptions(toFailureListInput(filters), {
      placeholderData: keepPreviousData,
    }),
    // The first page is the counter's live queue of failures: it refreshes by itself.
    refetchInterval: filters.cursor ? false : 15_000,
  });
  const table = useKeysetList(list, filters.cursor, setFilters, (key) =>
    key === "retry" ? t("retry") : t(`log.${key}`),
  );

  const filtered = Object.entries(filters).some(([k, v]) => k !== "cursor" && v !== null);
  const columns = useFailureColumns();

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t("log.title")}
        description={t("log.description")}
        actions={
          list.data?.total ? (
            // The server streams the file with the same filters: no size limit, no wait here.
            <StepUpDownload
              href={failureExportHref(filters)}
              download
              stepUp={exportHoldsContacts}
              className={cn(buttonVariants({ variant: "outline" }))}
            >
              <DownloadIcon aria-hidden />
              {t("log.export")}
            </StepUpDownload>
          ) : (
            <Button variant="outline" disabled>
              <DownloadIcon aria-hidden />
              {t("log.export")}
            </Button>
          )
        }
      />
      {showAlerts ? <SpikeAlerts /> : null}
      <FilteredTable
        filters={
          <FailureFilters
            filters={filters}
            stores={stores}
            onChange={(next) => void setFilters({ ...next, cursor: null })}
          />
        }
        resultsLabel={t("log.results")}
        busy={list.isFetching}
        summary={
          list.data?.rows.length ? (
            <p className="text-muted-foreground text-sm" aria-live="polite">
              {list.data.totalIsCapped
                ? t("log.countCapped", { count: format.number(list.data.total) })
                : t("log.count", { count: list.data.total })}
            </p>
          ) : null
        }
        caption={t("log.title")}
        columns={columns}
        {...table}
        rowKey={(r) => r.id}
        rowHref={(r) => `/failures/${r.id}`}
        empty={{
          icon: CircleCheckIcon,
          title: filtered ? t("log.emptyFiltered") : t("log.empty"),
          hint: filtered ? t("log.emptyFilteredHint") : t("log.emptyHint"),
        }}
      />
    </div>
  );
}

export function RecoveredBadge({ row }: { row: Pick<FailureRow, "recoveredAt" | "orderId"> }) {
  const t = useTranslations("failures.recovered");
  if (!row.orderId) return <span className="text-muted-foreground text-xs">—</span>;
  return row.recoveredAt ? (
    <Badge variant="tinted" className="bg-emerald-100 text-emerald-800">
      {t("yes")}
    </Badge>
  ) : (
    <Badge variant="outline">{t("no")}</Badge>
  );
}

function useFailureColumns(): DataTableColumn<FailureRow>[] {
  const t = useTranslations("failures");
  const tShort = useTranslations("orders.failure.short");
  const tKind = useTranslations("paymentMethods.kinds");
  const time = useShopTime();
  return [
    {
      id: "time",
      header: t("columns.time"),
      className: "text-muted-foreground whitespace-nowrap tabular-nums",
      cell: (r) => time.dateTime(r.occurredAt),
    },
    {
      id: "reason",
      header: t("columns.reason"),
      primary: true,
      cell: (r) => (
        <>
          <span className="font-medium">
            {/* A rejected notification and a refund failure say what happened; a payment, why it failed. */}
            {r.kind === "notification_rejected" || r.kind === "refund_failed"
              ? t(`kind.${r.kind}`)
              : tShort(r.reason)}
          </span>
          {r.providerCode ? (
            <span className="text-muted-foreground block font-mono text-xs font-normal">
              {r.providerCode}
            </span>
          ) : null}
          {r.kind === "notification_rejected" ? (
            <span className="text-muted-foreground block text-xs font-normal">
              {t("detail.rejectedTimes", { count: r.occurrences })}
            </span>
          ) : null}
        </>
      ),
    },
    {
      id: "method",
      header: t("columns.method"),
      className: "max-w-48 truncate",
      cell: (r) => r.methodLabel ?? tKind(r.methodKind),
    },
    {
      id: "store",
      header: t("columns.store"),
      className: "max-w-40 truncate",
      cell: (r) => r.storeName ?? "—",
    },
    {
      id: "order",
      header: t("columns.order"),
      className: "font-mono whitespace-nowrap",
      cell: (r) => r.orderNumber ?? "—",
    },
    {
      id: "amount",
      header: t("columns.amount"),
      align: "end",
      className: "whitespace-nowrap",
      cell: (r) =>
        r.amountMinor !== null && r.currency ? (
          <Money minor={r.amountMinor} currency={r.currency} />
        ) : (
          "—"
        ),
    },
    {
      id: "recovered",
      header: t("columns.recovered"),
      cell: (r) => <RecoveredBadge row={r} />,
    },
  ];
}
