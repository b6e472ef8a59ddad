"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { useId } from "react";
import { Money } from "@/app/_components/money";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { toFilters } from "../_lib/search-params";
import { FigureTable, Section, usePercent } from "./shared";

export function BeforeAfterView({
  filters,
  methods,
  methodId,
  adoptedOn,
  days,
  onChange,
}: {
  filters: ReturnType<typeof toFilters>;
  methods: { id: string; label: string }[];
  methodId: string | null;
  adoptedOn: string | null;
  days: number;
  onChange: (next: { method?: string | null; adopted?: string | null; days?: number }) => void;
}) {
  const t = useTranslations("analytics");
  const trpc = useTRPC();
  const id = useId();
  const percent = usePercent();
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const ready = Boolean(methodId && adoptedOn);
  const q = useQuery({
    ...trpc.analytics.beforeAfter.queryOptions({
      methodId: methodId ?? "",
      adoptedOn: adoptedOn ?? "",
      days,
      storeId: filters.storeId,
      currency: filters.currency,
    }),
    enabled: ready,
  });
  return (
    <div className="flex flex-col gap-6">
      <div className="bg-card grid grid-cols-1 gap-3 rounded-lg border p-4 sm:grid-cols-3 md:p-5">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-method`}>{t("beforeAfter.method")}</Label>
          <NativeSelect
            id={`${id}-method`}
            value={methodId ?? ""}
            onChange={(e) => onChange({ method: e.target.value || null })}
          >
            <option value="">—</option>
            {methods.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-adopted`}>{t("beforeAfter.adoptedOn")}</Label>
          <Input
            id={`${id}-adopted`}
            type="date"
            value={adoptedOn ?? ""}
            onChange={(e) => onChange({ adopted: e.target.value || null })}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-days`}>{t("beforeAfter.days")}</Label>
          <Input
            id={`${id}-days`}
            type="number"
            min={7}
            max={180}
            value={days}
            onChange={(e) =>
              onChange({ days: Math.min(180, Math.max(7, Number(e.target.value) || 30)) })
            }
          />
        </div>
      </div>
      {!ready ? null : q.error ? (
        <p role="alert">{errorMessage(q.error)}</p>
      ) : !q.data ? (
        <Skeleton className="h-40" />
      ) : (
        <Section
          title={`${t("tabs.beforeAfter")} · ${q.data.method.label}`}
          table="beforeAfter"
          filters={filters}
          extra={{ methodId, adoptedOn, days }}
        >
          <p role="status" className="bg-muted rounded-md p-3 text-sm font-medium">
            {t(`beforeAfter.verdict.${q.data.verdict}`)}
          </p>
          {q.data.test ? (
            <p className="text-muted-foreground text-xs">
              {t("beforeAfter.pValue", {
                z: format.number(q.data.test.z, { maximumFractionDigits: 2 }),
                p: format.number(q.data.test.pValue, { maximumFractionDigits: 3 }),
              })}
            </p>
          ) : null}
          <FigureTable
            caption={t("tabs.beforeAfter")}
            columns={[
              t("columns.window"),
              t("columns.from"),
              t("columns.to"),
              t("columns.ordersOffered"),
              t("columns.paidOrders"),
              t("columns.conversion"),
              t("columns.gmv"),
              t("columns.averageTicket"),
              t("columns.methodShare"),
            ]}
            rows={(["before", "after"] as const).map((w) => {
              const s = q.data[w];
              return [
                t(`beforeAfter.${w}`),
                s.range.from,
                s.range.to,
                format.number(s.ordersOffered),
                format.number(s.paidOrders),
                percent(s.conversion),
                <Money key="g" minor={s.gmvMinor} currency={q.data.currency} />,
                s.averageTicketMinor === null ? (
                  "—"
                ) : (
                  <Money key="a" minor={s.averageTicketMinor} currency={q.data.currency} />
                ),
                percent(s.methodShare),
              ];
            })}
          />
        </Section>
      )}
    </div>
  );
}
