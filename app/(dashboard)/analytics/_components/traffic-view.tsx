"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { toFilters } from "../_lib/search-params";
import { Section } from "./shared";

const hours = Array.from({ length: 24 }, (_, h) => h);
/** ISO weekdays, 1 = Monday, as the heatmap's cells number them (and the catalogue keys them). */
const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/** The heatmap is itself a table: weekdays as rows, hours as columns, the count in each cell. */
export function TrafficView({ filters }: { filters: ReturnType<typeof toFilters> }) {
  const t = useTranslations("analytics");
  const trpc = useTRPC();
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const q = useQuery(trpc.analytics.traffic.queryOptions(filters));
  if (q.error) return <p role="alert">{errorMessage(q.error)}</p>;
  if (!q.data) return <Skeleton className="h-64" />;
  const count = new Map(q.data.cells.map((c) => [`${c.weekday}-${c.hour}`, c.orders]));
  const max = Math.max(1, ...q.data.cells.map((c) => c.orders));
  return (
    <Section title={t("tabs.traffic")} table="traffic" filters={filters}>
      <p className="text-muted-foreground text-xs lg:hidden">{t("heatmapScroll")}</p>
      {/* Wider than a phone: it scrolls inside its own box, the weekday column stays put. */}
      <div
        className="relative overflow-x-auto overscroll-x-contain"
        tabIndex={0}
        role="region"
        aria-label={t("heatmapLabel")}
      >
        <table className="border-separate border-spacing-0 text-xs">
          <caption className="text-muted-foreground mb-2 text-left">{t("heatmapLabel")}</caption>
          <thead>
            <tr>
              <td className="bg-card sticky left-0 z-10" />
              {hours.map((h) => (
                <th key={h} scope="col" className="px-0.5 font-normal">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weekdays.map((day) => (
              <tr key={day}>
                <th
                  scope="row"
                  className="bg-card sticky left-0 z-10 pr-2 text-left font-normal whitespace-nowrap"
                >
                  {t(`weekdays.${day}`)}
                </th>
                {hours.map((h) => {
                  const n = count.get(`${day}-${h}`) ?? 0;
                  return (
                    <td
                      key={h}
                      className="size-7 min-w-7 text-center tabular-nums"
                      style={{
                        background: `color-mix(in oklab, var(--color-primary) ${Math.round((n / max) * 85)}%, transparent)`,
                        color: n / max > 0.5 ? "var(--color-primary-foreground)" : undefined,
                      }}
                    >
                      {n > 0 ? format.number(n, { notation: "compact" }) : ""}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
