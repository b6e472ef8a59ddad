"use client";

import { keepPreviousData, useQuery } from "@/app/_trpc/query-hooks";
import { ArrowLeftIcon, ListIcon, TriangleAlertIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useUrlState } from "@/app/_lib/use-url-state";
import type { ReactNode } from "react";
import { useKeysetList } from "@/app/_components/keyset-list";
import { DataTable, type DataTableColumn } from "@/app/_components/data-table";
import { FilterSelect } from "@/app/_components/list-filters";
import { Money } from "@/app/_components/money";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import {
  lineFilterParsers,
  lineStates,
  toLineListInput,
  type StatementDetail as Detail,
  type StatementLineRow,
} from "../_lib/search-params";
import { StatementStatusBadge, useDaySpan } from "./statements-screen";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

/** One statement: what it says, what it matched, what differs, and its lines. */
export function StatementDetail({ statementId }: { statementId: string }) {
  const t = useTranslations("reconciliation.statement");
  const tRecon = useTranslations("reconciliation");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const statement = useQuery(trpc.statements.byId.queryOptions({ statementId }));

  const back = (
    <PlainLink
      href="/reconciliation"
      className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-sm"
    >
      <ArrowLeftIcon className="size-4" aria-hidden />
      {t("back")}
    </PlainLink>
  );
  if (statement.isError)
    return (
      <div className="flex flex-col gap-4">
        {back}
        <p role="alert" className="text-sm">
          {errorMessage(statement.error)}
        </p>
      </div>
    );
  if (!statement.data)
    return (
      <div className="flex flex-col gap-4" aria-busy="true">
        {back}
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-40" />
      </div>
    );
  const s = statement.data;
  return (
    <div className="flex flex-col gap-6">
      {back}
      <StatementHeading statement={s} />
      {s.status === "failed" ? <FailedNotice statement={s} /> : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <SummaryCard statement={s} />
        <TotalsCard statement={s} />
      </div>
      <DifferencesByKind statement={s} />
      <section aria-labelledby="statement-lines" className="flex flex-col gap-3">
        <h2 id="statement-lines" className="text-lg font-semibold">
          {t("linesTitle")}
        </h2>
        <StatementLines statementId={statementId} retryLabel={tRecon("retry")} />
      </section>
    </div>
  );
}

function StatementHeading({ statement: s }: { statement: Detail }) {
  const t = useTranslations("reconciliation");
  const span = useDaySpan();
  const time = useShopTime();
  return (
    <div className="flex flex-col gap-1">
      <h1 className="text-2xl font-semibold tracking-tight break-all">{s.fileName}</h1>
      <p className="text-muted-foreground flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <span>{s.methodLabel}</span>
        <span aria-hidden>·</span>
        <span>{t(`statements.format.${s.format}`)}</span>
        <span aria-hidden>·</span>
        <span>{span(s.firstDay, s.lastDay)}</span>
        <StatementStatusBadge status={s.status} />
      </p>
      {s.covered ? (
        <p className="text-sm">
          {t("statement.covers", {
            from: time.dateTime(s.covered.from),
            until: time.dateTime(s.covered.to),
            zone: time.timeZone ?? "",
          })}
        </p>
      ) : null}
      {s.covered?.providerDays ? (
        <p className="text-muted-foreground text-sm">
          {t("statement.providerDays", {
            zone: s.covered.providerDays.zone,
            days: span(s.covered.providerDays.firstDay, s.covered.providerDays.lastDay),
          })}
        </p>
      ) : null}
      {s.importedAt ? (
        <p className="text-muted-foreground text-xs">
          {s.importedByName
            ? isolatedSentence(
                t,
                "statement.importedAtBy",
                {
                  at: time.dateTime(s.importedAt),
                  name: s.importedByName,
                },
                ["name"],
              )
            : t("statement.importedAt", { at: time.dateTime(s.importedAt) })}
        </p>
      ) : null}
    </div>
  );
}

function FailedNotice({ statement: s }: { statement: Detail }) {
  const t = useTranslations("reconciliation.statement");
  const tErrors = useTranslations("errors");
  const reason =
    s.errorKey && tErrors.has(s.errorKey)
      ? tErrors(s.errorKey, s.errorDetails ?? {})
      : tErrors("internal");
  return (
    <p
      role="alert"
      className="border-destructive/40 bg-destructive/5 text-destructive rounded-md border p-3 text-sm"
    >
      {t("failed", { reason })}
    </p>
  );
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums">{children}</dd>
    </div>
  );
}

function SummaryCard({ statement: s }: { statement: Detail }) {
  const t = useTranslations("reconciliation.statement");
  const count = (state: string) => s.lines.find((l) => l.state === state)?.count ?? 0;
  const total = s.lines.reduce((sum, l) => sum + l.count, 0);
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("summary")}</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Figure label={t("lines")}>{total}</Figure>
          <Figure label={t("matched")}>{count("matched")}</Figure>
          <Figure label={t("differences")}>{count("difference")}</Figure>
          <Figure label={t("repeat")}>{count("repeat")}</Figure>
        </dl>
      </CardContent>
    </Card>
  );
}

/** The file's own totals beside the sums of its lines; a clear warning when they differ. */
function TotalsCard({ statement: s }: { statement: Detail }) {
  const t = useTranslations("reconciliation.statement");
  const currency = s.currency ?? "CNY";
  const rows = [
    { id: "lineCount", label: t("lineCount"), v: s.totals.lineCount },
    { id: "payments", label: t("payments"), v: s.totals.paymentsMinor },
    { id: "refunds", label: t("refunds"), v: s.totals.refundsMinor },
    { id: "fees", label: t("fees"), v: s.totals.feesMinor },
  ] as const;
  const show = (v: number | bigint | null) =>
    v === null ? "—" : typeof v === "bigint" ? <Money minor={v} currency={currency} /> : v;
  const mismatch = rows.some((r) => r.v.isMismatch);
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("totals")}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {mismatch ? (
          <p
            role="alert"
            className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          >
            <TriangleAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden />
            {t("totalsWarning")}
          </p>
        ) : null}
        <table className="w-full text-sm">
          <thead>
            <tr className="text-muted-foreground text-xs">
              <th scope="col" className="py-1 text-left font-medium">
                <span className="sr-only">{t("totals")}</span>
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                {t("declared")}
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                {t("counted")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.id}
                className={r.v.isMismatch ? "text-destructive border-t font-medium" : "border-t"}
              >
                <th scope="row" className="py-1.5 text-left font-normal">
                  {r.label}
                </th>
                <td className="py-1.5 text-right tabular-nums">{show(r.v.declared)}</td>
                <td className="py-1.5 text-right tabular-nums">{show(r.v.counted)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </CardContent>
    </Card>
  );
}

function DifferencesByKind({ statement: s }: { statement: Detail }) {
  const t = useTranslations("reconciliation");
  const currency = s.currency ?? "CNY";
  const amount = (v: bigint | null) => (v === null ? "—" : <Money minor={v} currency={currency} />);
  const queue = (kind: string) => {
    const params = new URLSearchParams({ kind, method: s.methodId });
    if (s.firstDay) params.set("from", s.firstDay);
    if (s.lastDay) params.set("to", s.lastDay);
    return `/reconciliation/differences?${params}`;
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("statement.byKind")}</CardTitle>
      </CardHeader>
      <CardContent>
        {s.differences.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("statement.noDifferences")}</p>
        ) : (
          <ul className="flex flex-col divide-y">
            {s.differences.map((d) => (
              <li
                key={d.kind}
                className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:gap-4"
              >
                <div className="flex min-w-0 flex-1 flex-col">
                  <PlainLink href={queue(d.kind)} className="font-medium hover:underline">
                    {t(`kind.${d.kind}`)} · {d.count}
                  </PlainLink>
                  <span className="text-muted-foreground text-xs">{t(`explain.${d.kind}`)}</span>
                </div>
                <dl className="grid shrink-0 grid-cols-2 gap-4 text-sm sm:w-72">
                  <div>
                    <dt className="text-muted-foreground text-xs">{t("statement.theirs")}</dt>
                    <dd className="tabular-nums">{amount(d.theirAmountMinor)}</dd>
                  </div>
                  <div>
                    <dt className="text-muted-foreground text-xs">{t("statement.ours")}</dt>
                    <dd className="tabular-nums">{amount(d.ourAmountMinor)}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function StatementLines({ statementId, retryLabel }: { statementId: string; retryLabel: string }) {
  const t = useTranslations("reconciliation");
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlState(lineFilterParsers, { history: "push" });
  const lines = useQuery(
    trpc.statements.lines.queryOptions(toLineListInput(statementId, filters), {
      placeholderData: keepPreviousData,
    }),
  );
  const table = useKeysetList(lines, filters.cursor, setFilters, (key) =>
    key === "retry" ? retryLabel : t(key),
  );
  const columns = useLineColumns();
  return (
    <>
      <div className="sm:w-64">
        <FilterSelect
          label={t("statement.stateFilter")}
          anyLabel={t("statement.allStates")}
          value={filters.state}
          options={lineStates.map((s) => ({ value: s, label: t(`statement.lineState.${s}`) }))}
          onChange={(state) =>
            void setFilters({ state: state as typeof filters.state, cursor: null })
          }
        />
      </div>
      <div aria-busy={lines.isFetching}>
        <DataTable
          caption={t("statement.linesTitle")}
          columns={columns}
          {...table}
          rowKey={(r) => r.id}
          empty={{ icon: ListIcon, title: t("statement.emptyLines") }}
        />
      </div>
    </>
  );
}

const lineStateClass: Record<StatementLineRow["state"], string> = {
  matched: "text-emerald-700",
  difference: "text-amber-700 font-medium",
  pending: "text-muted-foreground",
  repeat: "text-muted-foreground",
  ignored: "text-muted-foreground",
};

function useLineColumns(): DataTableColumn<StatementLineRow>[] {
  const t = useTranslations("reconciliation.statement");
  const time = useShopTime();
  return [
    {
      id: "lineNo",
      header: t("columns.lineNo"),
      primary: true,
      className: "tabular-nums",
      cell: (r) => `#${r.lineNo}`,
    },
    {
      id: "time",
      header: t("columns.time"),
      className: "text-muted-foreground whitespace-nowrap tabular-nums",
      cell: (r) => time.dateTime(r.occurredAt),
    },
    { id: "kind", header: t("columns.kind"), cell: (r) => t(`lineKind.${r.kind}`) },
    {
      id: "reference",
      header: t("columns.reference"),
      className: "max-w-48 truncate font-mono text-xs",
      cell: (r) => (r.kind === "refund" ? r.providerRefundId : r.providerTxnId) ?? "—",
    },
    {
      id: "amount",
      header: t("columns.amount"),
      align: "end",
      className: "whitespace-nowrap",
      cell: (r) => <Money minor={r.amountMinor} currency={r.currency} />,
    },
    {
      id: "fee",
      header: t("columns.fee"),
      align: "end",
      className: "text-muted-foreground whitespace-nowrap",
      cell: (r) => <Money minor={r.feeMinor} currency={r.currency} />,
    },
    {
      id: "state",
      header: t("columns.state"),
      cell: (r) => <span className={lineStateClass[r.state]}>{t(`lineState.${r.state}`)}</span>,
    },
    {
      id: "order",
      header: t("columns.order"),
      className: "font-mono whitespace-nowrap",
      cell: (r) =>
        r.orderId ? (
          <PlainLink href={`/orders/${r.orderId}`} className="text-primary hover:underline">
            {r.orderNumber}
          </PlainLink>
        ) : (
          "—"
        ),
    },
  ];
}
