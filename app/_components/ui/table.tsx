import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";

/**
 * A table of figures, flush with the card it sits in. Its container scrolls sideways only if a
 * column refuses to wrap; lists of records use DataTable, which turns rows into cards instead.
 * Each part has its own look, or with `variant="bare"` none: then the caller's classes are all
 * it has (a denser table, the data table's cards), so that no class needs overriding.
 */
type Look = { variant?: "default" | "bare" };

export function Table({
  className,
  region,
  ...props
}: ComponentProps<"table"> & {
  /** Names the container as a focusable region, so a keyboard can scroll a table wider than it. */
  region?: string;
}) {
  return (
    <div
      data-slot="table-container"
      className="relative w-full overflow-x-auto"
      {...(region ? { role: "region", tabIndex: 0, "aria-label": region } : {})}
    >
      <table data-slot="table" className={cn("w-full text-sm", className)} {...props} />
    </div>
  );
}

const tableHeaderLooks = { default: "text-muted-foreground border-b text-left text-xs", bare: "" };

export function TableHeader({
  className,
  variant = "default",
  ...props
}: ComponentProps<"thead"> & Look) {
  return (
    <thead
      data-slot="table-header"
      className={cn(tableHeaderLooks[variant], className)}
      {...props}
    />
  );
}

const tableBodyLooks = { default: "divide-y", bare: "" };

export function TableBody({
  className,
  variant = "default",
  ...props
}: ComponentProps<"tbody"> & Look) {
  return (
    <tbody data-slot="table-body" className={cn(tableBodyLooks[variant], className)} {...props} />
  );
}

export function TableFooter({ className, ...props }: ComponentProps<"tfoot">) {
  return (
    <tfoot data-slot="table-footer" className={cn("border-t font-medium", className)} {...props} />
  );
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return <tr data-slot="table-row" className={className} {...props} />;
}

const tableHeadLooks = { default: "py-2 pr-3 text-left font-medium last:pr-0", bare: "" };

export function TableHead({
  className,
  variant = "default",
  ...props
}: ComponentProps<"th"> & Look) {
  return (
    <th data-slot="table-head" className={cn(tableHeadLooks[variant], className)} {...props} />
  );
}

const tableCellLooks = { default: "py-2 pr-3 last:pr-0", bare: "" };

export function TableCell({
  className,
  variant = "default",
  ...props
}: ComponentProps<"td"> & Look) {
  return (
    <td data-slot="table-cell" className={cn(tableCellLooks[variant], className)} {...props} />
  );
}

const tableCaptionLooks = {
  default: "text-muted-foreground mt-2 text-sm",
  bare: "text-muted-foreground",
};

export function TableCaption({
  className,
  variant = "default",
  ...props
}: ComponentProps<"caption"> & Look) {
  return (
    <caption
      data-slot="table-caption"
      className={cn(tableCaptionLooks[variant], className)}
      {...props}
    />
  );
}
