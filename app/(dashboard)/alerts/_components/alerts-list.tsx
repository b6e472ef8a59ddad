"use client";

import { keepPreviousData, useQuery } from "@/app/_trpc/query-hooks";
import { BellIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useUrlState } from "@/app/_lib/use-url-state";
import { useKeysetList } from "@/app/_components/keyset-list";
import type { DataTableColumn } from "@/app/_components/data-table";
import { FilteredTable } from "@/app/_components/filtered-table";
import { PageHeader } from "@/app/_components/page-header";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import { alertFilterParsers, toAlertListInput, type AlertRow } from "../_lib/search-params";
import { useAlertStory } from "../_lib/use-alert-story";
import { AlertEmailSetting } from "./alert-email-setting";
import { AlertFilters } from "./alert-filters";
import { AlertStatusBadge } from "./alert-status-badge";

/** The shop's alerts, newest first, filtered in the URL; each row opens the alert. */
export function AlertsList({ isOwner }: { isOwner: boolean }) {
  const t = useTranslations("alerts");
  const trpc = useTRPC();
  const { kindTitle } = useAlertStory();
  const [filters, setFilters] = useUrlState(alertFilterParsers, { history: "push" });
  const list = useQuery(
    trpc.alerts.list.queryOptions(toAlertListInput(filters), {
      placeholderData: keepPreviousData,
    }),
  );
  const table = useKeysetList(list, filters.cursor, setFilters, (key) => t(key));
  const kinds = useQuery(trpc.alerts.kinds.queryOptions());
  const filtered = Object.entries(filters).some(([k, v]) => k !== "cursor" && v !== null);
  const columns = useAlertColumns();

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6">
      <PageHeader title={t("title")} description={t("description")} />
      <FilteredTable
        filters={
          <AlertFilters
            filters={filters}
            kinds={kinds.data ?? []}
            kindLabel={kindTitle}
            onChange={(next) => void setFilters({ ...next, cursor: null })}
          />
        }
        resultsLabel={t("results")}
        busy={list.isFetching}
        caption={t("title")}
        columns={columns}
        {...table}
        rowKey={(r) => r.id}
        rowHref={(r) => `/alerts/${r.id}`}
        empty={{
          icon: BellIcon,
          title: filtered ? t("emptyFiltered") : t("empty"),
          hint: filtered ? t("emptyFilteredHint") : t("emptyHint"),
        }}
      />
      <AlertEmailSetting isOwner={isOwner} />
    </div>
  );
}

function useAlertColumns(): DataTableColumn<AlertRow>[] {
  const t = useTranslations("alerts");
  const time = useShopTime();
  const { tell } = useAlertStory();
  return [
    {
      id: "what",
      header: t("columns.what"),
      primary: true,
      className: "font-medium",
      cell: (r) => tell(r).title,
    },
    {
      id: "explain",
      header: t("columns.explain"),
      className: "max-w-md text-sm text-muted-foreground",
      cell: (r) => <span className="line-clamp-2">{tell(r).explain ?? "—"}</span>,
    },
    {
      id: "time",
      header: t("columns.time"),
      className: "text-muted-foreground whitespace-nowrap tabular-nums",
      cell: (r) => time.dateTime(r.createdAt),
    },
    {
      id: "about",
      header: t("columns.about"),
      className: "max-w-48 truncate",
      cell: (r) => r.entityLabel ?? "—",
    },
    {
      id: "status",
      header: t("columns.status"),
      cell: (r) => <AlertStatusBadge status={r.status} />,
    },
  ];
}
