"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { TrendingUpIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import { ResolveAlertDialog } from "../../alerts/_components/alert-actions";

/**
 * Unresolved failure-spike alerts, for owners and managers: what spiked, against what, and
 * when. Resolved here as in the alerts console (the same dialog, note and transition).
 */
export function SpikeAlerts() {
  const t = useTranslations("failures.alerts");
  const format = useFormatter();
  const time = useShopTime();
  const trpc = useTRPC();
  const alerts = useQuery({ ...trpc.failures.spikeAlerts.queryOptions(), refetchInterval: 60_000 });
  if (!alerts.data?.length) return null;
  const pct = (v: number) => format.number(v, { style: "percent", maximumFractionDigits: 1 });
  return (
    <section aria-labelledby="spike-alerts" className="flex flex-col gap-2">
      <h2 id="spike-alerts" className="sr-only">
        {t("title")}
      </h2>
      {alerts.data.map((a) => (
        <div
          key={a.id}
          role="alert"
          className="flex flex-col gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950 sm:flex-row sm:items-center"
        >
          <TrendingUpIcon className="size-5 shrink-0 text-amber-700" aria-hidden />
          <div className="flex flex-1 flex-col gap-1 text-sm">
            <p className="font-semibold">{t("heading", { method: a.details.methodLabel })}</p>
            <p>
              {t("body", {
                rate: pct(a.details.hour.rate),
                failures: a.details.hour.failures,
                attempts: a.details.hour.attempts,
                baseline: pct(a.details.baseline.rate),
                threshold: pct(a.details.threshold),
              })}
            </p>
            <p className="text-xs text-amber-900/80">
              {time.dateTime(a.createdAt)} ·{" "}
              <PlainLink href={`/alerts/${a.id}`} className="underline underline-offset-4">
                {t("open")}
              </PlainLink>
            </p>
          </div>
          <ResolveAlertDialog alertId={a.id} size="sm" />
        </div>
      ))}
    </section>
  );
}
