"use client";

import { keepPreviousData, useQuery } from "@/app/_trpc/query-hooks";
import { DownloadIcon, Undo2Icon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useUrlState } from "@/app/_lib/use-url-state";
import { useKeysetList } from "@/app/_components/keyset-list";
import type { DataTableColumn } from "@/app/_components/data-table";
import { FilteredTable } from "@/app/_components/filtered-table";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { buttonVariants } from "@/app/_components/ui/button";
import { cn } from "@/app/_lib/cn";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import {
  refundExportHref,
  refundFilterParsers,
  toRefundListInput,
  type RefundRow,
} from "../_lib/search-params";
import { RefundDecision } from "./refund-decision";
import { RefundFilters } from "./refund-filters";
import { RefundStatusBadge } from "./refund-status-badge";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

/** The refunds of the shop; for those who decide, the ones awaiting approval are a tab. */
export function RefundsList({
  stores,
  canDecide,
}: {
  stores: { id: string; name: string }[];
  canDecide: boolean;
}) {
  const t = useTranslations("refunds");
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlState(refundFilterParsers, { history: "push" });
  const list = useQuery(
    trpc.refunds.list.queryOptions(toRefundListInput(filters), {
      placeholderData: keepPreviousData,
    }),
  );
  const table = useKeysetList(list, filters.cursor, setFilters, (key) => t(key));
  const filtered = Object.entries(filters).some(([k, v]) => k !== "cursor" && v !== null);
  const queue = filters.status === "awaiting_approval";
  const columns = useRefundColumns(canDecide);

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6">
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={(["csv", "xlsx"] as const).map((format) => (
          // The server streams the file with the same filters: no size limit, no wait here.
          <a
            key={format}
            href={refundExportHref(filters, format)}
            download
            className={buttonVariants({ variant: "outline" })}
          >
            <DownloadIcon aria-hidden />
            {t(`export.${format}`)}
          </a>
        ))}
      />
      {canDecide ? (
        <QueueTabs
          queue={queue}
          onQueue={() => void setFilters({ status: "awaiting_approval", cursor: null })}
          onAll={() => void setFilters({ status: null, cursor: null })}
        />
      ) : null}
      <FilteredTable
        filters={
          <RefundFilters
            // A fresh search box when the URL's search changes (back button, a tab).
            key={filters.q ?? ""}
            filters={filters}
            stores={stores}
            onChange={(next) => void setFilters({ ...next, cursor: null })}
          />
        }
        resultsLabel={t("results")}
        busy={list.isFetching}
        caption={t("title")}
        columns={columns}
        {...table}
        rowKey={(r) => r.id}
        rowHref={(r) => `/orders/${r.orderId}`}
        empty={{
          icon: Undo2Icon,
          title: queue ? t("emptyQueue") : filtered ? t("emptyFiltered") : t("empty"),
          hint: queue ? t("emptyQueueHint") : filtered ? t("emptyFilteredHint") : t("emptyHint"),
        }}
      />
    </div>
  );
}

/** "To approve (n)" and "All refunds": the approvers' queue is the list filtered on its status. */
function QueueTabs({
  queue,
  onQueue,
  onAll,
}: {
  queue: boolean;
  onQueue: () => void;
  onAll: () => void;
}) {
  const t = useTranslations("refunds.tabs");
  const trpc = useTRPC();
  const count = useQuery(trpc.refunds.awaitingCount.queryOptions());
  const tab = (current: boolean, label: string, onClick: () => void) => (
    <button
      type="button"
      role="tab"
      aria-selected={current}
      onClick={onClick}
      className={cn(
        "focus-visible:ring-ring/50 -mb-px inline-flex h-10 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-[3px]",
        current
          ? "border-primary text-foreground"
          : "text-muted-foreground hover:text-foreground border-transparent",
      )}
    >
      {label}
    </button>
  );
  return (
    <div role="tablist" aria-label={t("label")} className="flex gap-1 overflow-x-auto border-b">
      {tab(queue, t("queue", { count: count.data ?? 0 }), onQueue)}
      {tab(!queue, t("all"), onAll)}
    </div>
  );
}

function useRefundColumns(canDecide: boolean): DataTableColumn<RefundRow>[] {
  const t = useTranslations("refunds");
  const tKind = useTranslations("paymentMethods.kinds");
  const time = useShopTime();
  const columns: DataTableColumn<RefundRow>[] = [
    {
      id: "order",
      header: t("columns.order"),
      primary: true,
      className: "font-mono whitespace-nowrap",
      cell: (r) => r.orderNumber,
    },
    {
      id: "time",
      header: t("columns.time"),
      className: "text-muted-foreground whitespace-nowrap tabular-nums",
      cell: (r) => time.dateTime(r.createdAt),
    },
    {
      id: "amount",
      header: t("columns.amount"),
      align: "end",
      className: "whitespace-nowrap font-medium",
      cell: (r) => <Money minor={r.amountMinor} currency={r.currency} />,
    },
    {
      id: "method",
      header: t("columns.method"),
      className: "max-w-40 truncate",
      cell: (r) => r.methodLabel || tKind(r.methodKind),
    },
    {
      id: "status",
      header: t("columns.status"),
      cell: (r) => <RefundStatusBadge status={r.status} />,
    },
    {
      id: "people",
      header: t("columns.people"),
      className: "text-sm",
      cell: (r) => (
        <>
          <span className="block">
            {isolatedSentence(t, "askedBy", { name: r.requestedByName ?? "—" }, ["name"])}
          </span>
          {r.approvedByName || r.refusedByName ? (
            <span className="text-muted-foreground block">
              {r.approvedByName
                ? isolatedSentence(t, "approvedBy", { name: r.approvedByName }, ["name"])
                : isolatedSentence(t, "refusedBy", { name: r.refusedByName ?? "—" }, ["name"])}
              {r.decidedAt ? ` · ${time.dateTime(r.decidedAt)}` : null}
            </span>
          ) : null}
        </>
      ),
    },
    {
      id: "reason",
      header: t("columns.reason"),
      className: "max-w-64 text-sm",
      cell: (r) => (
        <>
          <span className="block">{t(`reason.${r.reason}`)}</span>
          {r.reasonText ? (
            <span className="text-muted-foreground block break-words">{r.reasonText}</span>
          ) : null}
          {r.refuseReason ? (
            <span className="block break-words text-rose-800">
              {t("refusedBecause", { reason: r.refuseReason })}
            </span>
          ) : null}
        </>
      ),
    },
  ];
  if (canDecide)
    columns.push({
      id: "actions",
      header: t("columns.actions"),
      actions: true,
      cell: (r) => (r.status === "awaiting_approval" ? <RefundDecision refund={r} /> : null),
    });
  return columns;
}
