import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";

/**
 * A table of figures, flush with the card it sits in. Its container scrolls sideways only if a
 * column refuses to wrap; lists of records use DataTable, which turns rows into cards instead.
 */
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

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return (
    <thead
      data-slot="table-header"
      className={cn("text-muted-foreground border-b text-left text-xs", className)}
      {...props}
    />
  );
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody data-slot="table-body" className={cn("divide-y", className)} {...props} />;
}

export function TableFooter({ className, ...props }: ComponentProps<"tfoot">) {
  return (
    <tfoot data-slot="table-footer" className={cn("border-t font-medium", className)} {...props} />
  );
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return <tr data-slot="table-row" className={className} {...props} />;
}

export function TableHead({ className, ...props }: ComponentProps<"th">) {
  return (
    <th
      data-slot="table-head"
      className={cn("py-2 pr-3 text-left font-medium last:pr-0", className)}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: ComponentProps<"td">) {
  return <td data-slot="table-cell" className={cn("py-2 pr-3 last:pr-0", className)} {...props} />;
}

export function TableCaption({ className, ...props }: ComponentProps<"caption">) {
  return (
    <caption
      data-slot="table-caption"
      className={cn("text-muted-foreground mt-2 text-sm", className)}
      {...props}
    />
  );
}
