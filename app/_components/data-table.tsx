import type { LucideIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import type { ReactNode } from "react";
import { KeysetPager } from "@/app/_components/keyset-pager";
import { LinkPendingMark } from "@/app/_components/link-pending-mark";
import { Button } from "@/app/_components/ui/button";
import { Skeleton } from "@/app/_components/ui/skeleton";
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

export type DataTableColumn<Row> = {
  id: string;
  /** The column header; on a phone card, the label in front of the value. */
  header: string;
  cell: (row: Row) => ReactNode;
  /** Amounts and counts line up on the right. */
  align?: "end";
  /** Classes for the value itself, e.g. `max-w-48 truncate` or `font-mono`. */
  className?: string;
  /**
   * The card's title line on a phone, shown without a label. The row link (`rowHref`) sits in
   * this column, or in the first column when none is primary.
   */
  primary?: boolean;
  /** An actions column: its header is for screen readers only and its cell has no phone label. */
  actions?: boolean;
};

export type DataTablePagination =
  /** A keyset-paged list (by URL cursor): back to the first page, or on to the next. */
  | {
      kind: "keyset";
      labels: { pagination: string; firstPage: string; nextPage: string };
      onFirst: (() => void) | null;
      onNext: (() => void) | null;
    }
  /** An infinite list: one button that appends the next page, shown while there is one. */
  | { kind: "more"; label: string; onMore: (() => void) | null; loading: boolean };

/**
 * The one table for lists of records (orders, attempts, failures, team…). From a container width
 * of 48rem it is a table; narrower (a phone, a side column) every row is a card with a label in
 * front of each value, so nothing scrolls sideways. The rows stay table rows either way, so
 * screen readers and tests find them by role on any screen.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  rowHref,
  loading = false,
  error,
  empty,
  pagination,
  framed = true,
}: {
  /** Names the table for screen readers (a visually hidden caption). */
  caption: string;
  columns: DataTableColumn<Row>[];
  rows: readonly Row[] | undefined;
  rowKey: (row: Row) => string;
  /** Makes the whole row (or card) one link. */
  rowHref?: (row: Row) => string;
  loading?: boolean;
  error?: { message: string; retryLabel?: string; onRetry?: () => void };
  empty: { title: string; hint?: string; icon?: LucideIcon; actions?: ReactNode };
  pagination?: DataTablePagination;
  /** Off when the table already sits inside a card. */
  framed?: boolean;
}) {
  const frame = framed ? "bg-card rounded-xl border shadow-xs" : "";

  if (loading || (!rows && !error)) {
    return (
      <div className={cn("flex flex-col gap-3", framed && `${frame} p-5`)} aria-busy="true">
        {Array.from({ length: framed ? 5 : 3 }, (_, i) => (
          <Skeleton key={i} className="h-10" />
        ))}
      </div>
    );
  }
  if (error || !rows) {
    return (
      <div
        role="alert"
        className={cn("flex flex-col items-start gap-3 text-sm", framed && `${frame} p-5`)}
      >
        <p>{error?.message}</p>
        {error?.onRetry ? (
          <Button variant="outline" size="sm" onClick={error.onRetry}>
            {error.retryLabel}
          </Button>
        ) : null}
      </div>
    );
  }
  if (rows.length === 0) {
    const Icon = empty.icon;
    return (
      <div
        className={cn(
          "flex flex-col items-center gap-3 text-center",
          framed ? `${frame} px-5 py-12` : "py-6",
        )}
      >
        {Icon ? <Icon className="text-muted-foreground size-10" aria-hidden /> : null}
        <p className={cn(framed ? "font-medium" : "text-muted-foreground text-sm")}>
          {empty.title}
        </p>
        {empty.hint ? <p className="text-muted-foreground max-w-sm text-sm">{empty.hint}</p> : null}
        {empty.actions ? (
          <div className="flex flex-wrap justify-center gap-2">{empty.actions}</div>
        ) : null}
      </div>
    );
  }

  const linkColumn = rowHref ? (columns.find((c) => c.primary) ?? columns[0]) : undefined;
  return (
    <div className="flex flex-col gap-3">
      <div className="@container">
        <div className={cn(framed && "@3xl:bg-card @3xl:rounded-xl @3xl:border @3xl:shadow-xs")}>
          <Table className="block @3xl:table">
            <TableCaption className="sr-only">{caption}</TableCaption>
            <TableHeader className={cn("hidden @3xl:table-header-group", framed && "bg-muted/50")}>
              <TableRow>
                {columns.map((c) => (
                  <TableHead
                    key={c.id}
                    scope="col"
                    variant="bare"
                    className={cn(
                      "font-medium",
                      framed ? "px-4 py-3 last:pr-4" : "py-2 pr-3 last:pr-0",
                      c.align === "end" ? "text-right" : "text-left",
                    )}
                  >
                    {c.actions ? <span className="sr-only">{c.header}</span> : c.header}
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody
              variant="bare"
              className="flex flex-col gap-2 divide-y-0 @3xl:table-row-group"
            >
              {rows.map((row) => {
                const href = rowHref?.(row);
                return (
                  <TableRow
                    key={rowKey(row)}
                    className={cn(
                      // Phone: a card. Table: a row with a rule above it.
                      "bg-card relative grid grid-cols-2 gap-x-4 gap-y-2 rounded-xl border p-4 shadow-xs",
                      "@3xl:table-row @3xl:rounded-none @3xl:border-x-0 @3xl:border-b-0 @3xl:bg-transparent @3xl:p-0 @3xl:shadow-none",
                      href && "hover:bg-accent/40",
                    )}
                  >
                    {columns.map((c) => (
                      <TableCell
                        key={c.id}
                        variant="bare"
                        className={cn(
                          "flex min-w-0 gap-0.5 p-0 last:pr-0 @3xl:table-cell",
                          framed ? "@3xl:px-4 @3xl:py-3" : "@3xl:py-2 @3xl:pr-3 @3xl:last:pr-0",
                          c.primary && "order-first col-span-2 font-medium",
                          // Above the row link's overlay, so its buttons stay clickable.
                          c.actions ? "relative z-10 col-span-2 flex-row justify-end" : "flex-col",
                        )}
                      >
                        {c.primary || c.actions ? null : (
                          <span className="text-muted-foreground text-xs @3xl:hidden">
                            {c.header}
                          </span>
                        )}
                        <div
                          className={cn(
                            "min-w-0",
                            c.align === "end" && "@3xl:text-right",
                            c.className,
                          )}
                        >
                          {href && c === linkColumn ? (
                            <PlainLink
                              href={href}
                              // The link's overlay covers the whole row (or card): a click anywhere opens it.
                              className="focus-visible:ring-ring/50 outline-none after:absolute after:inset-0 hover:underline focus-visible:ring-[3px]"
                            >
                              {c.cell(row)}
                              <LinkPendingMark />
                            </PlainLink>
                          ) : (
                            c.cell(row)
                          )}
                        </div>
                      </TableCell>
                    ))}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      </div>
      {pagination?.kind === "keyset" ? (
        <KeysetPager
          labels={pagination.labels}
          onFirst={pagination.onFirst}
          onNext={pagination.onNext}
        />
      ) : pagination?.kind === "more" && pagination.onMore ? (
        <Button
          variant="outline"
          className="self-center"
          onClick={pagination.onMore}
          disabled={pagination.loading}
        >
          {pagination.label}
        </Button>
      ) : null}
    </div>
  );
}
