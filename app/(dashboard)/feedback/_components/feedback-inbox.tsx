"use client";

import { keepPreviousData, useQuery } from "@/app/_trpc/query-hooks";
import { MessageSquareTextIcon, StarIcon } from "lucide-react";
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
import { PageHeader } from "@/app/_components/page-header";
import { cn } from "@/app/_lib/cn";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import {
  feedbackFilterParsers,
  scoreChoices,
  toFeedbackListInput,
  type FeedbackFilterState,
  type FeedbackRow,
} from "../_lib/search-params";
import { ReplyDialog } from "./reply-dialog";

/** What customers said on their receipts, newest first, filtered in the URL; each answerable once. */
export function FeedbackInbox() {
  const t = useTranslations("feedback");
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlState(feedbackFilterParsers, { history: "push" });
  const list = useQuery(
    trpc.feedback.list.queryOptions(toFeedbackListInput(filters), {
      placeholderData: keepPreviousData,
    }),
  );
  const table = useKeysetList(list, filters.cursor, setFilters, (key) => t(key));
  const filtered = Object.entries(filters).some(([k, v]) => k !== "cursor" && v !== null);
  const columns = useFeedbackColumns();

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6">
      <PageHeader title={t("title")} description={t("description")} />
      <FilteredTable
        filters={
          <FeedbackFilters
            filters={filters}
            onChange={(next) => void setFilters({ ...next, cursor: null })}
          />
        }
        resultsLabel={t("results")}
        busy={list.isFetching}
        caption={t("title")}
        columns={columns}
        {...table}
        rowKey={(r) => r.id}
        empty={{
          icon: MessageSquareTextIcon,
          title: filtered ? t("emptyFiltered") : t("empty"),
          hint: filtered ? t("emptyFilteredHint") : t("emptyHint"),
        }}
      />
    </div>
  );
}

type Draft = Omit<FeedbackFilterState, "cursor">;

/** Score, method, store and local dates; each applies at once. */
function FeedbackFilters({
  filters,
  onChange,
}: {
  filters: FeedbackFilterState;
  onChange: (next: Partial<Draft>) => void;
}) {
  const t = useTranslations("feedback");
  const trpc = useTRPC();
  const options = useQuery(trpc.analytics.options.queryOptions());
  return (
    <FilterPanel toggleLabel={t("filters.toggle", { count: activeFilterCount(filters) })}>
      <FilterSelect
        label={t("filters.score")}
        anyLabel={t("filters.any")}
        value={filters.score}
        options={scoreChoices.map((s) => ({
          value: s,
          label: s === "low" ? t("filters.low") : t("scoreOf", { score: s }),
        }))}
        onChange={(score) => onChange({ score: score as Draft["score"] })}
      />
      <FilterSelect
        label={t("filters.method")}
        anyLabel={t("filters.any")}
        value={filters.method}
        options={(options.data?.methods ?? []).map((m) => ({ value: m.id, label: m.label }))}
        onChange={(method) => onChange({ method })}
      />
      <FilterSelect
        label={t("filters.store")}
        anyLabel={t("filters.any")}
        value={filters.store}
        options={(options.data?.stores ?? []).map((s) => ({ value: s.id, label: s.name }))}
        onChange={(store) => onChange({ store })}
      />
      <FilterDate
        label={t("filters.from")}
        value={filters.from}
        onChange={(from) => onChange({ from })}
      />
      <FilterDate label={t("filters.to")} value={filters.to} onChange={(to) => onChange({ to })} />
    </FilterPanel>
  );
}

function Score({ score }: { score: number }) {
  const t = useTranslations("feedback");
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 font-medium whitespace-nowrap tabular-nums",
        score <= 2 && "text-destructive",
      )}
    >
      <StarIcon aria-hidden className="size-4 fill-current" />
      {t("scoreOf", { score })}
    </span>
  );
}

function useFeedbackColumns(): DataTableColumn<FeedbackRow>[] {
  const t = useTranslations("feedback");
  const time = useShopTime();
  return [
    {
      id: "score",
      header: t("columns.score"),
      primary: true,
      cell: (r) => <Score score={r.score} />,
    },
    {
      id: "comment",
      header: t("columns.comment"),
      className: "max-w-md text-sm",
      // The customer's own words: rendered as text, never as markup.
      cell: (r) =>
        r.comment ? (
          <span className="break-words whitespace-pre-line" data-comment>
            {r.comment}
          </span>
        ) : (
          <span className="text-muted-foreground">{t("noComment")}</span>
        ),
    },
    {
      id: "order",
      header: t("columns.order"),
      className: "font-mono text-sm whitespace-nowrap",
      cell: (r) => r.orderNumber,
    },
    { id: "store", header: t("columns.store"), cell: (r) => r.storeName },
    { id: "method", header: t("columns.method"), cell: (r) => r.methodLabel ?? "—" },
    {
      id: "cashier",
      header: t("columns.cashier"),
      className: "max-w-48 truncate",
      cell: (r) => r.cashierName ?? "—",
    },
    {
      id: "time",
      header: t("columns.time"),
      className: "text-muted-foreground whitespace-nowrap tabular-nums",
      cell: (r) => time.dateTime(r.createdAt),
    },
    {
      id: "reply",
      header: t("columns.reply"),
      actions: true,
      className: "max-w-xs text-sm",
      cell: (r) =>
        r.reply ? (
          <span className="text-muted-foreground line-clamp-3 whitespace-pre-line">{r.reply}</span>
        ) : (
          <ReplyDialog feedbackId={r.id} orderNumber={r.orderNumber} />
        ),
    },
  ];
}
