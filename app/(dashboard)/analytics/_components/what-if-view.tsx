"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useId } from "react";
import { Money } from "@/app/_components/money";
import { NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { toFilters } from "../_lib/search-params";
import { DataTable, Section } from "./shared";

export function WhatIfView({
  filters,
  methods,
  sourceId,
  targetId,
  onChange,
}: {
  filters: ReturnType<typeof toFilters>;
  methods: { id: string; label: string }[];
  sourceId: string | null;
  targetId: string | null;
  onChange: (next: { source?: string | null; target?: string | null }) => void;
}) {
  const t = useTranslations("analytics");
  const trpc = useTRPC();
  const id = useId();
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const q = useQuery({
    ...trpc.analytics.whatIfFees.queryOptions({
      filters,
      sourceMethodId: sourceId,
      targetMethodId: targetId ?? "",
    }),
    enabled: Boolean(targetId),
  });
  const select = (
    key: "source" | "target",
    value: string | null,
    label: string,
    allowAll: boolean,
  ) => (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={`${id}-${key}`}>{label}</Label>
      <NativeSelect
        id={`${id}-${key}`}
        value={value ?? ""}
        onChange={(e) => onChange({ [key]: e.target.value || null })}
      >
        <option value="">{allowAll ? t("whatIf.allMethods") : "—"}</option>
        {methods.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
  const rows = q.data
    ? [
        ...q.data.stores.map((s) => ({ ...s, name: s.store })),
        { ...q.data.overall, name: t("whatIf.overall") },
      ]
    : [];
  return (
    <div className="flex flex-col gap-6">
      <div className="bg-card grid grid-cols-1 gap-3 rounded-lg border p-4 sm:grid-cols-2 md:p-5">
        {select("source", sourceId, t("whatIf.source"), true)}
        {select("target", targetId, t("whatIf.target"), false)}
        <p className="text-muted-foreground text-sm sm:col-span-2">{t("whatIf.intro")}</p>
      </div>
      {!targetId ? null : q.error ? (
        <p role="alert">{errorMessage(q.error)}</p>
      ) : !q.data ? (
        <Skeleton className="h-40" />
      ) : (
        <Section
          title={t("tabs.whatIf")}
          table="whatIf"
          filters={filters}
          extra={{ sourceMethodId: sourceId, targetMethodId: targetId }}
        >
          <DataTable
            caption={`${t("whatIf.target")} ${q.data.target.label}`}
            columns={[
              t("columns.store"),
              t("columns.payments"),
              t("columns.gmv"),
              t("columns.actualFees"),
              t("columns.repricedFees"),
              t("columns.difference"),
            ]}
            rows={rows.map((r) => [
              r.name,
              format.number(r.payments),
              <Money key="g" minor={r.grossMinor} currency={q.data.currency} />,
              <Money key="a" minor={r.actualMinor} currency={q.data.currency} />,
              <Money key="r" minor={r.repricedMinor} currency={q.data.currency} />,
              <Money key="d" minor={r.differenceMinor} currency={q.data.currency} />,
            ])}
          />
        </Section>
      )}
    </div>
  );
}
