"use client";

import { keepPreviousData, useQuery } from "@/app/_trpc/query-hooks";
import { ClipboardListIcon, DownloadIcon, PrinterIcon } from "lucide-react";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { useUrlState } from "@/app/_lib/use-url-state";
import { useId, type ReactNode } from "react";
import { FilterDate, FilterSelect } from "@/app/_components/list-filters";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { Button, buttonVariants } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import {
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_components/ui/table";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { RouterOutputs } from "../../../_lib/router-types";
import { papers, reportExportHref, reportParsers, type Paper } from "../_lib/report-params";

type Report = RouterOutputs["reports"]["daily"];
type Currency = Report["currencies"][number];

/**
 * Reports → Daily report: pick a store (or all) and a day in the shop's zone; print it on A4
 * or on 80 mm receipt paper (the console's chrome is left off the page), or download it.
 */
export function DailyReportView({
  stores,
  yesterday,
  today,
}: {
  stores: { id: string; name: string }[];
  yesterday: string;
  today: string;
}) {
  const t = useTranslations("reports.daily");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [params, setParams] = useUrlState(reportParsers, { history: "replace" });
  const day = params.day ?? yesterday;
  const paper: Paper = params.paper ?? "a4";
  const report = useQuery(
    trpc.reports.daily.queryOptions(
      { day, storeId: params.store },
      { placeholderData: keepPreviousData },
    ),
  );

  return (
    <div data-daily-report data-paper={paper} className="mx-auto flex max-w-5xl flex-col gap-6">
      <div className="print:hidden">
        <PageHeader
          title={t("title")}
          description={t("description")}
          actions={(["csv", "xlsx"] as const).map((format) => (
            <a
              key={format}
              href={reportExportHref({ day, store: params.store }, format)}
              download
              className={buttonVariants({ variant: "outline" })}
            >
              <DownloadIcon aria-hidden />
              {t(format === "csv" ? "exportCsv" : "exportXlsx")}
            </a>
          ))}
        />
      </div>
      <Card className="grid gap-4 p-4 sm:grid-cols-2 md:p-5 lg:grid-cols-4 print:hidden">
        <FilterSelect
          label={t("store")}
          anyLabel={t("allStores")}
          value={params.store}
          options={stores.map((s) => ({ value: s.id, label: s.name }))}
          onChange={(store) => void setParams({ store })}
        />
        <div className="flex flex-col gap-2">
          <FilterDate
            label={t("day")}
            value={day}
            onChange={(next) => void setParams({ day: next })}
          />
          <div className="flex gap-2">
            <DayButton active={day === yesterday} onClick={() => void setParams({ day: null })}>
              {t("yesterday")}
            </DayButton>
            <DayButton active={day === today} onClick={() => void setParams({ day: today })}>
              {t("today")}
            </DayButton>
          </div>
        </div>
        <PaperChoice paper={paper} onChange={(p) => void setParams({ paper: p })} />
        <div className="flex items-end">
          <Button type="button" onClick={() => window.print()} disabled={!report.data}>
            <PrinterIcon aria-hidden />
            {t("print")}
          </Button>
        </div>
      </Card>
      {report.data ? (
        <ReportSheet report={report.data} isToday={day === today} />
      ) : report.isError ? (
        <Card role="alert" className="flex flex-col items-start gap-3 p-5">
          <p className="font-medium">{t("error")}</p>
          <p className="text-muted-foreground text-sm">{errorMessage(report.error)}</p>
          <Button variant="outline" onClick={() => void report.refetch()}>
            {t("retry")}
          </Button>
        </Card>
      ) : (
        <Card aria-busy className="flex flex-col gap-3 p-5">
          <span className="sr-only">{t("loading")}</span>
          <Skeleton className="h-6 w-1/2" />
          <Skeleton className="h-24 w-full" />
          <Skeleton className="h-24 w-full" />
        </Card>
      )}
    </div>
  );
}

function DayButton({
  active,
  onClick,
  children,
}: {
  active: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Button
      type="button"
      size="sm"
      variant={active ? "secondary" : "ghost"}
      aria-pressed={active}
      onClick={onClick}
    >
      {children}
    </Button>
  );
}

function PaperChoice({ paper, onChange }: { paper: Paper; onChange: (p: Paper) => void }) {
  const t = useTranslations("reports.daily");
  const id = useId();
  return (
    <fieldset className="flex min-w-0 flex-col gap-1.5">
      <legend id={id} className="mb-1.5 text-sm font-medium">
        {t("paper")}
      </legend>
      <div className="flex flex-wrap gap-3 text-sm">
        {papers.map((p) => (
          <label key={p} className="flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-paper`}
              className="accent-primary size-4"
              checked={paper === p}
              onChange={() => onChange(p)}
            />
            {t(p)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The report itself: what is printed. */
function ReportSheet({ report, isToday }: { report: Report; isToday: boolean }) {
  const t = useTranslations("reports.daily");
  const format = useFormatter();
  const zone = report.timeZone;
  const time = (at: Date) =>
    format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone: zone });
  const nothing =
    report.orders.created === 0 &&
    report.orders.paid === 0 &&
    report.currencies.length === 0 &&
    report.vouchers.redeemed === 0 &&
    report.failures.count === 0;
  const o = report.orders;
  return (
    <Card data-report-sheet className="flex flex-col gap-6 p-4 md:p-6">
      <header className="flex flex-col gap-1">
        <h2 className="text-lg font-semibold">
          {t("heading", {
            shop: report.shopName,
            store: report.storeName ?? t("allStores"),
            day: report.day,
          })}
        </h2>
        <p className="text-muted-foreground text-sm">
          {t("span", { from: time(report.from), to: time(report.to), zone })}
        </p>
        {isToday ? <p className="text-sm text-amber-800">{t("todaySoFar")}</p> : null}
      </header>
      {nothing ? (
        <div className="flex flex-col items-center gap-2 py-8 text-center">
          <ClipboardListIcon className="text-muted-foreground size-8" aria-hidden />
          <p className="font-medium">{t("empty")}</p>
          <p className="text-muted-foreground max-w-md text-sm">{t("emptyHint")}</p>
        </div>
      ) : (
        <>
          <Section title={t("orders")} note={t("ordersNote")}>
            <Figures
              rows={[
                [t("ordersCreated"), o.created],
                [t("ordersPaid"), o.paid],
                [t("ordersCancelled"), o.cancelled],
                [t("ordersExpired"), o.expired],
                [t("ordersOpen"), o.open],
              ]}
            />
          </Section>
          {report.currencies.map((c) => (
            <CurrencyBlock key={c.currency} c={c} />
          ))}
          <Section title={t("vouchers")}>
            <Figures
              rows={[
                [t("vouchersIssued"), report.vouchers.issued],
                [t("vouchersRedeemed"), report.vouchers.redeemed],
              ]}
            />
          </Section>
          <Section title={t("failures")}>
            <Figures
              rows={[
                [t("failuresCount"), report.failures.count],
                [t("failuresRecovered"), report.failures.recovered],
              ]}
            />
          </Section>
        </>
      )}
      <p className="text-muted-foreground hidden text-xs print:block">
        {t("printedAt", { at: time(new Date()) })}
      </p>
    </Card>
  );
}

function Section({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  return (
    <section data-report-section className="flex break-inside-avoid flex-col gap-2">
      <h3 className="font-semibold">{title}</h3>
      {children}
      {note ? <p className="text-muted-foreground text-xs">{note}</p> : null}
    </section>
  );
}

/** Label–value pairs in two columns (one on a receipt). */
function Figures({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl data-figures className="grid grid-cols-1 gap-x-8 gap-y-1 text-sm sm:grid-cols-2">
      {rows.map(([label, value]) => (
        <div key={label} className="flex justify-between gap-4 border-b border-dashed py-1">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="font-medium tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function CurrencyBlock({ c }: { c: Currency }) {
  const t = useTranslations("reports.daily");
  const m = (minor: bigint) => <Money minor={minor} currency={c.currency} />;
  return (
    <section
      aria-label={`${t("currency")} ${c.currency}`}
      className="flex flex-col gap-5 border-t pt-5"
    >
      <h3 className="text-base font-semibold">
        {t("currency")}: {c.currency}
      </h3>
      <MethodTable
        title={t("payments")}
        empty={t("noPayments")}
        rows={c.payments}
        feeLabel={t("fee")}
        total={{ count: c.paymentCount, amount: c.grossMinor, fee: c.feeMinor }}
        currency={c.currency}
      />
      <MethodTable
        title={t("refunds")}
        empty={t("noRefunds")}
        rows={c.refunds}
        feeLabel={t("feeReturned")}
        total={{ count: c.refundCount, amount: c.refundMinor, fee: c.feeReturnedMinor }}
        currency={c.currency}
      />
      <Section title={t("summary")}>
        <Figures
          rows={[
            [t("gross"), m(c.grossMinor)],
            [t("refunded"), m(c.refundMinor)],
            [t("fees"), m(c.feeMinor)],
            [t("feesReturned"), m(c.feeReturnedMinor)],
            [t("netFees"), m(c.netFeeMinor)],
            [t("net"), m(c.netMinor)],
            [t("vouchersIssuedValue"), m(c.vouchersIssuedValueMinor)],
          ]}
        />
      </Section>
      <Section title={t("cash")} note={t("cashShiftNote")}>
        <Figures
          rows={[
            [t("cashTaken"), m(c.cash.takenMinor)],
            [t("cashRefunded"), m(c.cash.refundedMinor)],
            [t("cashPaidOut"), m(c.cash.paidOutMinor)],
            [t("cashNet"), m(c.cash.netMinor)],
            ...(c.cash.shiftsClosed > 0
              ? ([
                  [t("cashShiftsClosed"), c.cash.shiftsClosed],
                  [t("cashCounted"), m(c.cash.countedMinor)],
                  [t("cashDifference"), m(c.cash.differenceMinor)],
                ] satisfies [string, ReactNode][])
              : []),
          ]}
        />
      </Section>
    </section>
  );
}

function MethodTable({
  title,
  empty,
  rows,
  feeLabel,
  total,
  currency,
}: {
  title: string;
  empty: string;
  rows: Currency["payments"];
  feeLabel: string;
  total: { count: number; amount: bigint; fee: bigint };
  currency: string;
}) {
  const t = useTranslations("reports.daily");
  const num = "text-right tabular-nums";
  return (
    <Section title={title}>
      {rows.length === 0 ? (
        <p className="text-muted-foreground text-sm">{empty}</p>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>{t("method")}</TableHead>
              <TableHead className={num}>{t("count")}</TableHead>
              <TableHead className={num}>{t("amount")}</TableHead>
              <TableHead className={cn(num, "print-fee")}>{feeLabel}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.methodId}>
                <TableCell>{r.label}</TableCell>
                <TableCell className={num}>{r.count}</TableCell>
                <TableCell className={num}>
                  <Money minor={r.amountMinor} currency={currency} />
                </TableCell>
                <TableCell className={cn(num, "print-fee")}>
                  <Money minor={r.feeMinor} currency={currency} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
          <TableFooter>
            <TableRow>
              <TableCell>{t("total")}</TableCell>
              <TableCell className={num}>{total.count}</TableCell>
              <TableCell className={num}>
                <Money minor={total.amount} currency={currency} />
              </TableCell>
              <TableCell className={cn(num, "print-fee")}>
                <Money minor={total.fee} currency={currency} />
              </TableCell>
            </TableRow>
          </TableFooter>
        </Table>
      )}
    </Section>
  );
}
