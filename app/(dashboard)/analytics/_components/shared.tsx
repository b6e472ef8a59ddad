"use client";

import { DownloadIcon } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "@/app/_i18n/client-intl";
import type { ReactNode } from "react";
import { buttonVariants } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_components/ui/table";
import { cn } from "@/app/_lib/cn";
import { exportHref, type toFilters } from "../_lib/search-params";

/** A fraction as a percentage in the user's locale; "—" when there is nothing to divide by. */
export function usePercent() {
  const format = useFormatter();
  return (n: number | null | undefined, digits = 1) =>
    n === null || n === undefined
      ? "—"
      : format.number(n, { style: "percent", maximumFractionDigits: digits });
}

/** A titled block whose numbers are also a table, with CSV and Excel downloads of that table. */
export function Section({
  title,
  table,
  filters,
  extra,
  children,
}: {
  title: string;
  table: string;
  filters: ReturnType<typeof toFilters>;
  extra?: Record<string, string | number | null | undefined>;
  children: ReactNode;
}) {
  const t = useTranslations("analytics");
  const locale = useLocale();
  return (
    <Card className="flex flex-col gap-4 p-4 md:p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{title}</h2>
        <div className="flex gap-2">
          {(["csv", "xlsx"] as const).map((format) => (
            <a
              key={format}
              href={exportHref(table, format, locale, filters, extra)}
              download
              className={buttonVariants({ variant: "outline", size: "sm" })}
            >
              <DownloadIcon />
              {t("download")} {t(format)}
            </a>
          ))}
        </div>
      </div>
      {children}
    </Card>
  );
}

/** A plain, scrollable table of figures: the text alternative of every chart. */
export function FigureTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: string[];
  rows: ReactNode[][];
}) {
  return (
    // Headings may wrap, so a wide table (the method comparison's 12 columns) fits a 1280 px
    // screen; the first column stays in view when it still has to scroll (a phone).
    <Table region={caption} className="border-separate border-spacing-0">
      <TableCaption variant="bare" className="mt-0 mb-2 text-left text-xs">
        {caption}
      </TableCaption>
      <TableHeader variant="bare" className="text-muted-foreground border-b-0 text-left text-sm">
        <TableRow>
          {columns.map((c, j) => (
            <TableHead
              key={c}
              scope="col"
              variant="bare"
              className={cn(
                "border-b px-1.5 py-1.5 text-left align-bottom font-medium last:pr-1.5",
                j === 0 && "bg-card sticky left-0 z-10",
              )}
            >
              {c}
            </TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody variant="bare" className="divide-y-0">
        {rows.map((r, i) => (
          <TableRow key={i} className="[&:not(:last-child)>*]:border-b">
            {r.map((cell, j) =>
              j === 0 ? (
                <TableHead
                  key={j}
                  scope="row"
                  variant="bare"
                  className="bg-card sticky left-0 z-10 px-1.5 py-1.5 text-left font-normal last:pr-0"
                >
                  {cell}
                </TableHead>
              ) : (
                <TableCell
                  key={j}
                  variant="bare"
                  className="px-1.5 py-1.5 whitespace-nowrap tabular-nums last:pr-1.5"
                >
                  {cell}
                </TableCell>
              ),
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** One headline figure: its name, its value, and a line of context under it. */
export function Figure({
  label,
  value,
  children,
}: {
  label: string;
  value: string;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-0.5">
      <span className="text-muted-foreground text-sm">{label}</span>
      <span className="text-2xl font-semibold tabular-nums">{value}</span>
      <span className="text-muted-foreground text-xs">{children}</span>
    </div>
  );
}
