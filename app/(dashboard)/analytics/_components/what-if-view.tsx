"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useFormatter, useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { useId } from "react";
import { Money } from "@/app/_components/money";
import { Card } from "@/app/_components/ui/card";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { describeFee } from "../../payment-methods/_lib/fee";
import type { toFilters } from "../_lib/search-params";
import { typedRule, typedTarget } from "../_lib/typed-rule";
import { FigureTable, Section } from "./shared";

export function WhatIfView({
  filters,
  methods,
  sourceId,
  targetId,
  rate,
  fixed,
  currency,
  onChange,
}: {
  filters: ReturnType<typeof toFilters>;
  methods: { id: string; label: string }[];
  sourceId: string | null;
  targetId: string | null;
  rate: string | null;
  fixed: string | null;
  currency: string;
  onChange: (next: {
    source?: string | null;
    target?: string | null;
    rate?: string | null;
    fixed?: string | null;
  }) => void;
}) {
  const t = useTranslations("analytics");
  const trpc = useTRPC();
  const id = useId();
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const locale = useLocale();
  const typed = targetId === typedTarget;
  const custom = typedRule(rate, fixed, currency);
  const q = useQuery({
    ...trpc.analytics.whatIfFees.queryOptions(
      typed
        ? { filters, sourceMethodId: sourceId, typedRule: custom.rule }
        : { filters, sourceMethodId: sourceId, targetMethodId: targetId },
    ),
    enabled: typed ? custom.rule !== null : Boolean(targetId),
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
        {key === "target" ? <option value={typedTarget}>{t("whatIf.typed")}</option> : null}
      </NativeSelect>
    </div>
  );
  const rows = q.data
    ? [
        ...q.data.stores.map((s) => ({ ...s, name: s.store })),
        { ...q.data.overall, name: t("whatIf.overall") },
      ]
    : [];
  const table = (caption: string) =>
    q.data ? (
      <FigureTable
        caption={caption}
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
    ) : null;
  return (
    <div className="flex flex-col gap-6">
      <div className="bg-card grid grid-cols-1 gap-3 rounded-lg border p-4 sm:grid-cols-2 md:p-5">
        {select("source", sourceId, t("whatIf.source"), true)}
        {select("target", targetId, t("whatIf.target"), false)}
        {typed ? (
          <>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${id}-rate`}>{t("whatIf.rate")}</Label>
              <Input
                id={`${id}-rate`}
                inputMode="decimal"
                placeholder="0.38"
                value={rate ?? ""}
                aria-invalid={custom.rateError || undefined}
                aria-describedby={`${id}-rate-hint`}
                onChange={(e) => onChange({ rate: e.target.value || null })}
              />
              <p
                id={`${id}-rate-hint`}
                className={
                  custom.rateError ? "text-destructive text-xs" : "text-muted-foreground text-xs"
                }
              >
                {custom.rateError ? t("whatIf.rateInvalid") : t("whatIf.rateHint")}
              </p>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${id}-fixed`}>{t("whatIf.fixed", { currency })}</Label>
              <Input
                id={`${id}-fixed`}
                inputMode="decimal"
                placeholder="0.00"
                value={fixed ?? ""}
                aria-invalid={custom.fixedError || undefined}
                onChange={(e) => onChange({ fixed: e.target.value || null })}
              />
              {custom.fixedError ? (
                <p className="text-destructive text-xs">{t("whatIf.fixedInvalid")}</p>
              ) : null}
            </div>
          </>
        ) : null}
        <p className="text-muted-foreground text-sm sm:col-span-2">{t("whatIf.intro")}</p>
      </div>
      {!targetId || (typed && !custom.rule) ? null : q.error ? (
        <p role="alert">{errorMessage(q.error)}</p>
      ) : !q.data ? (
        <Skeleton className="h-40" />
      ) : typed ? (
        <Card className="flex flex-col gap-4 p-4 md:p-5">
          <h2 className="text-lg font-semibold">{t("tabs.whatIf")}</h2>
          {table(
            t("whatIf.typedCaption", {
              rule: describeFee(
                { feeRateBps: q.data.rule.rateBps, feeFixedMinor: q.data.rule.fixedMinor },
                q.data.currency,
                locale,
              ),
            }),
          )}
          <p className="text-muted-foreground text-xs">{t("whatIf.typedNoExport")}</p>
        </Card>
      ) : (
        <Section
          title={t("tabs.whatIf")}
          table="whatIf"
          filters={filters}
          extra={{ sourceMethodId: sourceId, targetMethodId: targetId }}
        >
          {table(`${t("whatIf.target")} ${q.data.target?.label ?? ""}`)}
          {q.data.amountsSet ? null : (
            <p className="text-muted-foreground text-xs">
              {t("whatIf.rateOnly", {
                method: q.data.target?.label ?? "",
                currency: q.data.currency,
              })}
            </p>
          )}
        </Section>
      )}
    </div>
  );
}
