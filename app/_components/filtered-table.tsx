import { useId, type ComponentProps, type ReactNode } from "react";
import { DataTable } from "@/app/_components/data-table";
import { Card } from "@/app/_components/ui/card";

/**
 * A list screen's body below its header: the filters in a card, then the results — a heading
 * for screen readers, whatever the screen says about them (a count), the table — marked busy
 * while a new page or filter loads.
 */
export function FilteredTable<Row>({
  filters,
  resultsLabel,
  busy,
  summary,
  ...table
}: {
  filters: ReactNode;
  /** The results' heading, read by screen readers only. */
  resultsLabel: string;
  busy: boolean;
  summary?: ReactNode;
} & ComponentProps<typeof DataTable<Row>>) {
  const headingId = useId();
  return (
    <>
      <Card className="p-4 md:p-5">{filters}</Card>
      <section aria-labelledby={headingId} aria-busy={busy} className="flex flex-col gap-3">
        <h2 id={headingId} className="sr-only">
          {resultsLabel}
        </h2>
        {summary}
        <DataTable {...table} />
      </section>
    </>
  );
}
