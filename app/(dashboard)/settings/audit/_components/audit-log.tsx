"use client";

import { keepPreviousData, useMutation, useQuery } from "@/app/_trpc/query-hooks";
import { ArrowLeftIcon, DownloadIcon, FileClockIcon, ShieldCheckIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useUrlState } from "@/app/_lib/use-url-state";
import { useKeysetList } from "@/app/_components/keyset-list";
import type { DataTableColumn } from "@/app/_components/data-table";
import { FilteredTable } from "@/app/_components/filtered-table";
import { Card } from "@/app/_components/ui/card";
import { PageHeader } from "@/app/_components/page-header";
import { Button, buttonVariants } from "@/app/_components/ui/button";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { changeValueText, fieldChanges } from "@/server/audit/audit-diff.logic";
import { useShopTime } from "../../../_lib/use-shop-time";
import {
  auditExportHref,
  auditFilterParsers,
  toAuditListInput,
  type AuditRow,
} from "../_lib/search-params";
import { AuditFilters } from "./audit-filters";
import { useActionLabel } from "./audit-labels";
import { ChainVerdict } from "./chain-verdict";
import { isolated } from "@/app/_components/isolated-sentence";

/** Hands the signed head to the browser as a file the owner keeps away from the server. */
function saveJson(name: string, value: unknown) {
  const url = URL.createObjectURL(
    new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: "application/json" }),
  );
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export function AuditLog() {
  const t = useTranslations("audit");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [filters, setFilters] = useUrlState(auditFilterParsers, { history: "push" });
  const list = useQuery(
    trpc.audit.list.queryOptions(toAuditListInput(filters), { placeholderData: keepPreviousData }),
  );
  const table = useKeysetList(list, filters.cursor, setFilters, (key) => t(key));
  const choices = useQuery(trpc.audit.filters.queryOptions());
  const verify = useMutation(trpc.audit.verify.mutationOptions());
  const head = useMutation(
    trpc.audit.exportHead.mutationOptions({
      onSuccess: ({ head: signed }) => saveJson(`audit-head-${signed.seq}.json`, signed),
    }),
  );
  const filtered = Object.entries(filters).some(([k, v]) => k !== "cursor" && v !== null);
  const columns = useAuditColumns();

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <PlainLink
              href="/settings"
              className={buttonVariants({ variant: "outline", size: "sm" })}
            >
              <ArrowLeftIcon aria-hidden />
              {t("back")}
            </PlainLink>
            {list.data?.rows.length ? (
              // The server streams the file with the same filters.
              <a
                href={auditExportHref(filters)}
                download
                className={cn(buttonVariants({ variant: "outline", size: "sm" }))}
              >
                <DownloadIcon aria-hidden />
                {t("export")}
              </a>
            ) : (
              <Button variant="outline" size="sm" disabled>
                <DownloadIcon aria-hidden />
                {t("export")}
              </Button>
            )}
          </>
        }
      />
      <Card className="flex flex-col gap-3 p-4 md:p-5">
        <div className="flex flex-col gap-1">
          <h2 className="font-semibold">{t("chain.title")}</h2>
          <p className="text-muted-foreground text-sm">{t("chain.description")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => verify.mutate()} disabled={verify.isPending}>
            <ShieldCheckIcon aria-hidden />
            {verify.isPending ? t("chain.verifying") : t("chain.verify")}
          </Button>
          <Button variant="outline" onClick={() => head.mutate()} disabled={head.isPending}>
            <FileClockIcon aria-hidden />
            {t("chain.downloadHead")}
          </Button>
        </div>
        <div aria-live="polite" className="flex flex-col gap-2">
          {verify.data ? <ChainVerdict verdict={verify.data} /> : null}
          {verify.error || head.error ? (
            <p role="alert" className="text-destructive text-sm">
              {errorMessage(verify.error ?? head.error)}
            </p>
          ) : null}
          {head.data?.previous && head.data.previous.kind !== "matches" ? (
            <p role="alert" className="text-destructive text-sm">
              {t("chain.headKept")}
            </p>
          ) : null}
        </div>
      </Card>
      <FilteredTable
        filters={
          <AuditFilters
            filters={filters}
            choices={choices.data ?? { actions: [], entityTypes: [], people: [] }}
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
          icon: FileClockIcon,
          title: filtered ? t("emptyFiltered") : t("empty"),
          hint: filtered ? t("emptyFilteredHint") : t("emptyHint"),
        }}
      />
    </div>
  );
}

/** Before and after, field by field, folded away until asked for. */
function Changes({ row }: { row: AuditRow }) {
  const t = useTranslations("audit");
  const changes = fieldChanges(row.before, row.after);
  if (changes.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <details className="max-w-md">
      <summary className="cursor-pointer text-sm">
        {t("changes", { count: changes.length })}
      </summary>
      <dl className="mt-2 flex flex-col gap-2 text-xs">
        {changes.map((c) => (
          <div key={c.path} className="flex flex-col gap-0.5">
            <dt className="font-mono font-medium break-all">{c.path}</dt>
            <dd className="flex flex-wrap items-baseline gap-x-2 break-all">
              <span className="sr-only">{t("before")}</span>
              <del className="text-destructive">
                <bdi>{changeValueText(c.before)}</bdi>
              </del>
              <span aria-hidden>→</span>
              <span className="sr-only">{t("after")}</span>
              <ins className="text-emerald-700 no-underline">
                <bdi>{changeValueText(c.after)}</bdi>
              </ins>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function useAuditColumns(): DataTableColumn<AuditRow>[] {
  const t = useTranslations("audit");
  const actionLabel = useActionLabel();
  const time = useShopTime();
  return [
    {
      id: "when",
      header: t("columns.when"),
      className: "text-muted-foreground whitespace-nowrap tabular-nums",
      cell: (r) => (
        <>
          {time.precise(r.createdAt)}
          <span className="block text-xs">#{r.seq}</span>
        </>
      ),
    },
    {
      id: "what",
      header: t("columns.what"),
      primary: true,
      cell: (r) => (
        <>
          <span className="font-medium">{actionLabel(r.action)}</span>
          <span className="text-muted-foreground block font-mono text-xs font-normal break-all">
            {r.entityType}
            {r.entityId ? ` · ${r.entityId}` : null}
          </span>
        </>
      ),
    },
    {
      id: "who",
      header: t("columns.who"),
      className: "max-w-56 break-words",
      // A person's name and e-mail, typed by people: isolated from the cells around it.
      cell: (r) => (r.actor ? isolated(r.actor) : r.actorUserId ? t("formerPerson") : t("system")),
    },
    {
      id: "where",
      header: t("columns.where"),
      className: "max-w-48",
      cell: (r) => (
        <>
          <span className="font-mono text-xs">{r.ipAddress ?? "—"}</span>
          {r.userAgent ? (
            <span className="text-muted-foreground block truncate text-xs" title={r.userAgent}>
              {r.userAgent}
            </span>
          ) : null}
        </>
      ),
    },
    { id: "changes", header: t("columns.changes"), cell: (r) => <Changes row={r} /> },
  ];
}
