"use client";

import { keepPreviousData, useQuery } from "@/app/_trpc/query-hooks";
import { CircleCheckBigIcon, DownloadIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useUrlState } from "@/app/_lib/use-url-state";
import { useKeysetList } from "@/app/_components/keyset-list";
import type { DataTableColumn } from "@/app/_components/data-table";
import { FilteredTable } from "@/app/_components/filtered-table";
import {
  activeFilterCount,
  FilterDate,
  FilterPanel,
  FilterSelect,
} from "@/app/_components/list-filters";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { Badge } from "@/app/_components/ui/badge";
import { buttonVariants } from "@/app/_components/ui/button";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import {
  differenceExportHref,
  differenceFilterParsers,
  differenceKinds,
  differenceStatuses,
  toDifferenceListInput,
  type DifferenceFilterState,
  type DifferenceRow,
} from "../_lib/search-params";
import { ResolveActions } from "./resolve-actions";
import { useDayFormat, useReconMethods } from "./use-recon";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

/** The differences to explain: each with what it means, both amounts and, for reconcilers, what to do. */
export function DifferencesQueue({ canReconcile }: { canReconcile: boolean }) {
  const t = useTranslations("reconciliation");
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlState(differenceFilterParsers, { history: "push" });
  const list = useQuery(
    trpc.reconciliation.differences.queryOptions(toDifferenceListInput(filters), {
      placeholderData: keepPreviousData,
    }),
  );
  const table = useKeysetList(list, filters.cursor, setFilters, (key) => t(key));
  const onlyOpen =
    filters.status === "open" && activeFilterCount({ ...filters, status: null }) === 0;
  const columns = useDifferenceColumns(canReconcile);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t("differences.title")}
        description={t("differences.description")}
        actions={(["csv", "xlsx"] as const).map((format) => (
          // The server streams the file with the same filters: no size limit, no wait here.
          <a
            key={format}
            href={differenceExportHref(filters, format)}
            download
            className={buttonVariants({ variant: "outline" })}
          >
            <DownloadIcon aria-hidden />
            {t(`export.${format}`)}
          </a>
        ))}
      />
      {canReconcile ? null : <p className="text-muted-foreground text-sm">{t("readOnly")}</p>}
      <FilteredTable
        filters={
          <DifferenceFilters
            filters={filters}
            onChange={(next) => void setFilters({ ...next, cursor: null })}
          />
        }
        resultsLabel={t("differences.results")}
        busy={list.isFetching}
        caption={t("differences.results")}
        columns={columns}
        {...table}
        rowKey={(r) => r.id}
        empty={{
          icon: CircleCheckBigIcon,
          title: onlyOpen ? t("differences.empty") : t("differences.emptyFiltered"),
          hint: onlyOpen ? t("differences.emptyHint") : t("differences.emptyFilteredHint"),
        }}
      />
    </div>
  );
}

type Draft = Omit<DifferenceFilterState, "cursor">;

function DifferenceFilters({
  filters,
  onChange,
}: {
  filters: DifferenceFilterState;
  onChange: (next: Partial<Draft>) => void;
}) {
  const t = useTranslations("reconciliation");
  const methods = useReconMethods();
  const select = <K extends "status" | "kind" | "method">(
    key: K,
    label: string,
    options: { value: string; label: string }[],
  ) => (
    <FilterSelect
      label={label}
      anyLabel={t("differences.filters.any")}
      value={filters[key]}
      options={options}
      onChange={(value) => onChange({ [key]: value } as Partial<Draft>)}
    />
  );
  return (
    <FilterPanel
      toggleLabel={t("differences.filters.toggle", { count: activeFilterCount(filters) })}
    >
      {select(
        "status",
        t("differences.filters.status"),
        differenceStatuses.map((s) => ({ value: s, label: t(`differences.status.${s}`) })),
      )}
      {select(
        "kind",
        t("differences.filters.kind"),
        differenceKinds.map((k) => ({ value: k, label: t(`kind.${k}`) })),
      )}
      {select(
        "method",
        t("differences.filters.method"),
        (methods.data ?? []).map((m) => ({ value: m.id, label: m.label })),
      )}
      <div className="grid grid-cols-2 gap-3">
        <FilterDate
          label={t("differences.filters.from")}
          value={filters.from}
          onChange={(from) => onChange({ from })}
        />
        <FilterDate
          label={t("differences.filters.to")}
          value={filters.to}
          onChange={(to) => onChange({ to })}
        />
      </div>
    </FilterPanel>
  );
}

/** The provider's or our amount, with its fee when the difference is about fees. */
function Side({
  amount,
  fee,
  row,
}: {
  amount: bigint | null;
  fee: bigint | null;
  row: DifferenceRow;
}) {
  const t = useTranslations("reconciliation.differences");
  if (amount === null) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="flex flex-col">
      <Money minor={amount} currency={row.currency} />
      {row.kind === "fee_mismatch" && fee !== null ? (
        <span className="text-muted-foreground text-xs">
          {t("fee")} <Money minor={fee} currency={row.currency} />
        </span>
      ) : null}
    </span>
  );
}

function useDifferenceColumns(canReconcile: boolean): DataTableColumn<DifferenceRow>[] {
  const t = useTranslations("reconciliation");
  const day = useDayFormat();
  const time = useShopTime();
  const columns: DataTableColumn<DifferenceRow>[] = [
    {
      id: "kind",
      header: t("differences.columns.kind"),
      primary: true,
      className: "max-w-md",
      cell: (r) => (
        <span className="flex flex-col gap-0.5">
          <span className="font-medium">{t(`kind.${r.kind}`)}</span>
          <span className="text-muted-foreground text-xs font-normal">
            {t(`explain.${r.kind}`)}
          </span>
          <span className="flex flex-wrap gap-x-3 text-xs font-normal">
            {r.orderId ? (
              <PlainLink href={`/orders/${r.orderId}`} className="text-primary hover:underline">
                {t("differences.order", { number: r.orderNumber ?? "" })}
              </PlainLink>
            ) : null}
            {r.statementId ? (
              <PlainLink
                href={`/reconciliation/statements/${r.statementId}`}
                className="text-primary hover:underline"
              >
                {r.statementFileName} #{r.lineNo}
              </PlainLink>
            ) : null}
            {(r.providerTxnId ?? r.providerRefundId) ? (
              <span className="text-muted-foreground font-mono">
                {r.providerTxnId ?? r.providerRefundId}
              </span>
            ) : null}
          </span>
        </span>
      ),
    },
    {
      id: "day",
      header: t("differences.columns.day"),
      className: "whitespace-nowrap tabular-nums",
      cell: (r) => day(r.day),
    },
    {
      id: "method",
      header: t("differences.columns.method"),
      className: "max-w-36 truncate",
      cell: (r) => r.methodLabel,
    },
    {
      id: "theirs",
      header: t("differences.columns.theirs"),
      align: "end",
      className: "whitespace-nowrap",
      cell: (r) => <Side amount={r.theirAmountMinor} fee={r.theirFeeMinor} row={r} />,
    },
    {
      id: "ours",
      header: t("differences.columns.ours"),
      align: "end",
      className: "whitespace-nowrap",
      cell: (r) => <Side amount={r.ourAmountMinor} fee={r.ourFeeMinor} row={r} />,
    },
    {
      id: "status",
      header: t("differences.columns.status"),
      className: "text-sm",
      cell: (r) => (
        <span className="flex flex-col gap-1">
          <Badge variant={r.status === "open" ? "destructive" : "secondary"} className="w-fit">
            {t(`differences.status.${r.status}`)}
          </Badge>
          {r.resolution ? (
            <span className="text-muted-foreground text-xs">
              {isolatedSentence(
                t,
                "differences.resolvedBy",
                {
                  resolution: t(`differences.resolution.${r.resolution}`),
                  name: r.resolvedByName ?? "—",
                  at: r.resolvedAt ? time.dateTime(r.resolvedAt) : "—",
                },
                ["name"],
              )}
            </span>
          ) : null}
          {r.resolutionNote ? (
            <span className="text-muted-foreground text-xs break-words">{r.resolutionNote}</span>
          ) : null}
        </span>
      ),
    },
  ];
  if (canReconcile)
    columns.push({
      id: "actions",
      header: t("differences.columns.actions"),
      actions: true,
      cell: (r) => (r.status === "open" ? <ResolveActions difference={r} /> : null),
    });
  return columns;
}
