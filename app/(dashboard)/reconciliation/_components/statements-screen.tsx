"use client";

import { keepPreviousData, useQuery } from "@/app/_trpc/query-hooks";
import { FileSpreadsheetIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useUrlState } from "@/app/_lib/use-url-state";
import { useState } from "react";
import { useKeysetList } from "@/app/_components/keyset-list";
import { DataTable, type DataTableColumn } from "@/app/_components/data-table";
import { PageHeader } from "@/app/_components/page-header";
import { Badge } from "@/app/_components/ui/badge";
import { useTRPC } from "@/app/_trpc/client";
import {
  statementFilterParsers,
  toStatementListInput,
  type StatementRow,
} from "../_lib/search-params";
import { ImportCard } from "./import-card";
import { MappingDialog } from "./mapping-dialog";
import { useDayFormat, useReconChanged } from "./use-recon";

/** The statements brought in, newest first; above them, for those who reconcile, the import. */
export function StatementsScreen({ canReconcile }: { canReconcile: boolean }) {
  const t = useTranslations("reconciliation");
  const trpc = useTRPC();
  const changed = useReconChanged();
  const [filters, setFilters] = useUrlState(statementFilterParsers, { history: "push" });
  const list = useQuery(
    trpc.statements.list.queryOptions(toStatementListInput(filters), {
      placeholderData: keepPreviousData,
    }),
  );
  const table = useKeysetList(list, filters.cursor, setFilters, (key) => t(key));
  const [mappingFor, setMappingFor] = useState<string | null>(null);
  const columns = useStatementColumns();

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("title")} description={t("description")} />
      {canReconcile ? (
        <ImportCard onImported={() => void changed()} onMapColumns={setMappingFor} />
      ) : (
        <p className="text-muted-foreground text-sm">{t("readOnly")}</p>
      )}
      <section aria-labelledby="statement-results" aria-busy={list.isFetching}>
        <h2 id="statement-results" className="sr-only">
          {t("statements.results")}
        </h2>
        <DataTable
          caption={t("statements.results")}
          columns={columns}
          {...table}
          rowKey={(r) => r.id}
          rowHref={(r) => `/reconciliation/statements/${r.id}`}
          empty={{
            icon: FileSpreadsheetIcon,
            title: t("statements.empty"),
            hint: canReconcile ? t("statements.emptyHint") : t("statements.emptyReadOnly"),
          }}
        />
      </section>
      {mappingFor ? (
        <MappingDialog methodId={mappingFor} onClose={() => setMappingFor(null)} />
      ) : null}
    </div>
  );
}

export function StatementStatusBadge({ status }: { status: StatementRow["status"] }) {
  const t = useTranslations("reconciliation.statements.status");
  return (
    <Badge
      variant={status === "failed" ? "destructive" : status === "imported" ? "default" : "outline"}
    >
      {t(status)}
    </Badge>
  );
}

/** "1 Dec 2026", or "1 Dec 2026 – 3 Dec 2026" for a statement of several days. */
export function useDaySpan() {
  const day = useDayFormat();
  return (first: string | null, last: string | null) =>
    !first || !last ? "—" : first === last ? day(first) : `${day(first)} – ${day(last)}`;
}

function useStatementColumns(): DataTableColumn<StatementRow>[] {
  const t = useTranslations("reconciliation.statements");
  const span = useDaySpan();
  return [
    {
      id: "file",
      header: t("columns.file"),
      primary: true,
      className: "max-w-64 truncate",
      cell: (r) => r.fileName,
    },
    {
      id: "day",
      header: t("columns.day"),
      className: "whitespace-nowrap tabular-nums",
      cell: (r) => span(r.firstDay, r.lastDay),
    },
    {
      id: "method",
      header: t("columns.method"),
      className: "max-w-40 truncate",
      cell: (r) => r.methodLabel,
    },
    {
      id: "format",
      header: t("columns.format"),
      className: "text-muted-foreground text-sm",
      cell: (r) => t(`format.${r.format}`),
    },
    {
      id: "lines",
      header: t("columns.lines"),
      align: "end",
      className: "tabular-nums",
      cell: (r) => r.lineCount,
    },
    {
      id: "open",
      header: t("columns.open"),
      align: "end",
      className: "tabular-nums",
      cell: (r) =>
        r.differencesOpen > 0 ? (
          <span className="font-medium text-amber-700">{r.differencesOpen}</span>
        ) : (
          r.differencesOpen
        ),
    },
    {
      id: "status",
      header: t("columns.status"),
      cell: (r) => <StatementStatusBadge status={r.status} />,
    },
  ];
}
