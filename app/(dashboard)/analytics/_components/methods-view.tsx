"use client";

import { minSatisfactionAnswers } from "@/server/analytics/scorecard.logic";
import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { Money } from "@/app/_components/money";
import { Button } from "@/app/_components/ui/button";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { RouterOutputs } from "../../_lib/router-types";
import type { toFilters } from "../_lib/search-params";
import { FigureChart } from "./figure-chart";
import { FigureTable, Section, usePercent } from "./shared";

type Compared = RouterOutputs["analytics"]["compareMethods"];
const criteria = ["fit", "acceptance", "fees", "security", "support", "refunds"] as const;

export function MethodsView({ filters }: { filters: ReturnType<typeof toFilters> }) {
  const t = useTranslations("analytics");
  const tReason = useTranslations("orders.failure.short");
  const trpc = useTRPC();
  const percent = usePercent();
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const q = useQuery(trpc.analytics.compareMethods.queryOptions(filters));
  if (q.error) return <p role="alert">{errorMessage(q.error)}</p>;
  if (!q.data) return <Skeleton className="h-64" />;
  const { methods, currency } = q.data;
  const money = (m: bigint | null) => (m === null ? "—" : <Money minor={m} currency={currency} />);

  return (
    <div className="flex flex-col gap-6">
      <Section title={t("tabs.methods")} table="methods" filters={filters}>
        <p className="text-muted-foreground text-sm">{t("figures.splitBills")}</p>
        <p className="text-muted-foreground text-sm">{t("figures.promotionCost")}</p>
        {methods.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("empty")}</p>
        ) : (
          <>
            <div className="h-56" aria-hidden>
              <FigureChart
                data={methods.map((m) => ({
                  label: m.label,
                  conversion: Math.round((m.conversion ?? 0) * 1000) / 10,
                  share: Math.round((m.shareOfOrders ?? 0) * 1000) / 10,
                }))}
                xKey="label"
                yUnit="%"
                yWidth={48}
                bars={[
                  {
                    key: "conversion",
                    name: t("columns.conversion"),
                    fill: "var(--color-primary)",
                  },
                  {
                    key: "share",
                    name: t("columns.shareOfOrders"),
                    fill: "var(--color-muted-foreground)",
                  },
                ]}
              />
            </div>
            <FigureTable
              caption={t("chartTable")}
              columns={[
                t("columns.method"),
                t("columns.paidOrders"),
                `${t("columns.shareOfOrders")} · ${t("columns.shareOfAmount")}`,
                `${t("columns.conversion")} · ${t("columns.failureRate")}`,
                t("columns.topReasons"),
                `${t("columns.fees")} · ${t("columns.effectiveRate")}`,
                `${t("columns.promotionCost")} · ${t("columns.promotionCostRate")}`,
                `${t("columns.refunded")} · ${t("columns.refundRate")}`,
                `${t("columns.net")} · ${t("columns.netPerOrder")}`,
                t("columns.score"),
              ]}
              rows={methods.map((m) => [
                // Paired cells (a figure over its companion) keep the table inside 1280 px.
                <span key="method" className="flex flex-col">
                  {m.label}
                  <span className="text-muted-foreground text-xs">
                    {t("settlesAfter", { days: m.settlementDelayDays })}
                  </span>
                </span>,
                format.number(m.paidOrders),
                <span key="shares" className="flex flex-col">
                  {percent(m.shareOfOrders)}
                  <span className="text-muted-foreground text-xs">{percent(m.shareOfAmount)}</span>
                </span>,
                <span key="conversion" className="flex flex-col">
                  {percent(m.conversion)}
                  <span className="text-muted-foreground text-xs">{percent(m.failureRate)}</span>
                </span>,
                <span key="reasons" className="inline-block min-w-36 whitespace-normal">
                  {m.topReasons
                    .map(
                      (r) =>
                        `${tReason.has(r.reason) ? tReason(r.reason) : r.reason} (${r.failures})`,
                    )
                    .join(", ") || "—"}
                </span>,
                <span key="fees" className="flex flex-col">
                  {money(m.feeMinor)}
                  <span className="text-muted-foreground text-xs">
                    {m.effectiveFeeBps === null ? "—" : percent(m.effectiveFeeBps / 10000, 2)}
                  </span>
                </span>,
                <span key="promotions" className="flex flex-col" data-promotion-cost>
                  {money(m.promotionCostMinor)}
                  <span className="text-muted-foreground text-xs">
                    {percent(m.promotionCostRate)}
                  </span>
                </span>,
                <span key="refunds" className="flex flex-col">
                  {money(m.refundedMinor)}
                  <span className="text-muted-foreground text-xs">
                    {`${format.number(m.refunds)} · ${percent(m.refundRate)}`}
                  </span>
                </span>,
                <span key="net" className="flex flex-col">
                  {money(m.netMinor)}
                  <span className="text-muted-foreground text-xs">{money(m.netPerOrderMinor)}</span>
                </span>,
                m.score === null ? "—" : format.number(Math.round(m.score)),
              ])}
            />
          </>
        )}
      </Section>
      {methods.length > 0 ? <ScorecardEditor data={q.data} /> : null}
    </div>
  );
}

/** Weights per criterion and the merchant's own 1–5 ratings where data cannot judge. */
function ScorecardEditor({ data }: { data: Compared }) {
  const t = useTranslations("analytics");
  const format = useFormatter();
  const trpc = useTRPC();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const [weights, setWeights] = useState(data.weights);
  const [ratings, setRatings] = useState(
    Object.fromEntries(data.methods.map((m) => [m.methodId, m.ratings])) as Record<
      string,
      { support?: number; fit?: number }
    >,
  );
  const save = useMutation(
    trpc.analytics.saveScorecard.mutationOptions({
      onSuccess: async () => {
        toast.success(t("scorecard.saved"));
        await client.invalidateQueries(trpc.analytics.compareMethods.pathFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ weights, ratings });
  }
  const rating = (methodId: string, key: "support" | "fit") => (
    <NativeSelect
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- ratings are only rendered for the methods of this list
      aria-label={`${t(`scorecard.${key}`)} · ${data.methods.find((m) => m.methodId === methodId)!.label}`}
      value={ratings[methodId]?.[key] ?? ""}
      onChange={(e) =>
        setRatings({
          ...ratings,
          [methodId]: {
            ...ratings[methodId],
            [key]: e.target.value ? Number(e.target.value) : undefined,
          },
        })
      }
    >
      <option value="">—</option>
      {[1, 2, 3, 4, 5].map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </NativeSelect>
  );
  const canSave = data.canSaveScorecard;
  return (
    <form onSubmit={submit} className="bg-card flex flex-col gap-4 rounded-lg border p-4 md:p-5">
      <div>
        <h2 className="text-lg font-semibold">{t("scorecard.title")}</h2>
        <p className="text-muted-foreground text-sm">{t("scorecard.intro")}</p>
        {canSave ? null : (
          <p className="text-muted-foreground mt-1 text-sm">{t("scorecard.readOnly")}</p>
        )}
      </div>
      <FigureTable
        caption={t("scorecard.title")}
        columns={[
          t("columns.method"),
          ...criteria.map((c) => t(`scorecard.${c}`)),
          t("columns.score"),
        ]}
        rows={[
          [
            t("scorecard.weight"),
            ...criteria.map((c) =>
              canSave ? (
                <Input
                  key={c}
                  type="number"
                  min={0}
                  max={10}
                  variant="bare"
                  className="h-10 w-20 text-base md:text-sm"
                  aria-label={`${t("scorecard.weight")} · ${t(`scorecard.${c}`)}`}
                  value={weights[c]}
                  onChange={(e) => setWeights({ ...weights, [c]: Number(e.target.value) })}
                />
              ) : (
                format.number(weights[c])
              ),
            ),
            "",
          ],
          ...data.methods.map((m) => [
            m.label,
            ...criteria.map((c) =>
              (c === "support" || c === "fit") && canSave
                ? rating(m.methodId, c)
                : m.scores[c] === null
                  ? "—"
                  : Math.round(m.scores[c]),
            ),
            m.score === null ? "—" : Math.round(m.score),
          ]),
        ]}
      />
      <div className="text-sm">
        <h3 className="font-medium">{t("scorecard.acceptanceSource")}</h3>
        <ul className="text-muted-foreground list-disc pl-5" data-acceptance-source>
          {data.methods.map((m) => {
            const a = m.acceptance;
            const usage = a.usage === null ? "—" : Math.round(a.usage);
            return (
              <li key={m.methodId}>
                {a.satisfaction !== null
                  ? t("scorecard.acceptanceVoice", {
                      method: m.label,
                      usage,
                      voice: Math.round(a.satisfaction),
                      average: format.number(a.average ?? 0, { maximumFractionDigits: 1 }),
                      answers: a.answers,
                    })
                  : t("scorecard.acceptanceFew", {
                      method: m.label,
                      usage,
                      answers: a.answers,
                      min: minSatisfactionAnswers,
                    })}
              </li>
            );
          })}
        </ul>
      </div>
      {canSave ? (
        <div>
          <Button type="submit" disabled={save.isPending}>
            {t("scorecard.save")}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
