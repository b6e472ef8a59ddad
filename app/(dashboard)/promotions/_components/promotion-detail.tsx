"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { useTranslations } from "@/app/_i18n/client-intl";
import { DownloadIcon } from "lucide-react";
import { toast } from "@/app/_components/toast";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { Badge } from "@/app/_components/ui/badge";
import { Button, buttonVariants } from "@/app/_components/ui/button";
import { cn } from "@/app/_lib/cn";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)} %`;
const points = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}`;

/** One promotion: its rules and budget, what it cost and sold, and whether it paid for itself. */
export function PromotionDetail({ promotionId }: { promotionId: string }) {
  const t = useTranslations("promotions");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const page = useQuery(trpc.promotions.byId.queryOptions({ promotionId }));
  const toggle = useMutation(
    trpc.promotions.setEnabled.mutationOptions({
      onSuccess: (row) => {
        toast.success(row.enabled ? t("detail.resumed") : t("detail.paused"));
        void queryClient.invalidateQueries(trpc.promotions.pathFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  if (page.isPending) return <Skeleton className="h-64" />;
  if (page.error)
    return (
      <p role="alert" className="text-destructive text-sm">
        {errorMessage(page.error)}
      </p>
    );
  const { promotion: p, report, windows, orders } = page.data;
  const money = (minor: bigint) => <Money minor={minor} currency={p.currency} />;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={p.name}
        description={t("list.dates", { from: p.startsOn, to: p.endsOn })}
        actions={
          <>
            <a
              href={`/api/exports/promotion-discounts?format=csv&promotionId=${p.id}`}
              download
              className={cn(buttonVariants({ variant: "outline" }))}
            >
              <DownloadIcon aria-hidden />
              {t("detail.export")}
            </a>
            <Button
              variant="outline"
              disabled={toggle.isPending}
              onClick={() => toggle.mutate({ promotionId: p.id, enabled: !p.enabled })}
            >
              {p.enabled ? t("detail.pause") : t("detail.resume")}
            </Button>
          </>
        }
      />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription>{t("detail.cost")}</CardDescription>
            <CardTitle size="figure">{money(p.spentMinor)}</CardTitle>
          </CardHeader>
          <CardContent className="text-muted-foreground text-sm">
            {t("detail.heldOfBudget")} {money(p.reservedMinor)} / {money(p.budgetMinor)}
            {report ? (
              <p>
                {t("detail.merchantShare")} {money(report.merchantCostMinor)}
              </p>
            ) : null}
            {p.overBudgetMinor > 0n ? (
              <p className="text-destructive" data-over-budget>
                {t("detail.overBudget")} {money(p.overBudgetMinor)}
              </p>
            ) : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>{t("detail.orders")}</CardDescription>
            <CardTitle size="figure" className="tabular-nums">
              {orders}
            </CardTitle>
          </CardHeader>
          <CardContent className="text-muted-foreground text-sm">
            <Badge variant={p.enabled ? "default" : "secondary"}>
              {p.enabled ? t("list.running") : t("list.paused")}
            </Badge>{" "}
            {t(`benefit.${p.benefit}`)}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>{t("detail.gmv")}</CardDescription>
            <CardTitle size="figure">
              {report ? money(report.promoted.during.grossMinor) : "—"}
            </CardTitle>
          </CardHeader>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>{t("uplift.title")}</CardTitle>
          <CardDescription>
            {windows
              ? t("uplift.windows", {
                  beforeFrom: windows.before.from,
                  beforeTo: windows.before.to,
                  duringFrom: windows.during.from,
                  duringTo: windows.during.to,
                })
              : t("uplift.notStarted")}
          </CardDescription>
        </CardHeader>
        {report ? (
          <CardContent className="flex flex-col gap-4 text-sm">
            <table className="w-full text-left">
              <thead className="text-muted-foreground">
                <tr>
                  <th className="py-1 font-normal" scope="col"></th>
                  <th className="py-1 font-normal" scope="col">
                    {t("uplift.before")}
                  </th>
                  <th className="py-1 font-normal" scope="col">
                    {t("uplift.during")}
                  </th>
                </tr>
              </thead>
              <tbody className="tabular-nums">
                <tr>
                  <th scope="row" className="py-1 font-normal">
                    {t("uplift.conversionPromoted")}
                  </th>
                  <td>{pct(report.conversion.promotedBefore)}</td>
                  <td>{pct(report.conversion.promotedDuring)}</td>
                </tr>
                <tr>
                  <th scope="row" className="py-1 font-normal">
                    {t("uplift.conversionOthers")}
                  </th>
                  <td>{pct(report.conversion.othersBefore)}</td>
                  <td>{pct(report.conversion.othersDuring)}</td>
                </tr>
                <tr>
                  <th scope="row" className="py-1 font-normal">
                    {t("uplift.share")}
                  </th>
                  <td>{pct(report.share.before)}</td>
                  <td>{pct(report.share.during)}</td>
                </tr>
              </tbody>
            </table>
            <p role="status" className="font-medium">
              {t(`uplift.verdict.${report.verdict}`)}
            </p>
            {report.effect ? (
              <p>
                {t("uplift.effect", {
                  estimate: points(report.effect.estimate),
                  low: points(report.effect.low),
                  high: points(report.effect.high),
                })}
              </p>
            ) : (
              <p className="text-muted-foreground">
                {t("uplift.thinDays", { before: report.days.before, during: report.days.during })}
              </p>
            )}
            {report.net ? (
              <p>
                {t("uplift.net")} {money(report.net.estimateMinor)} ({money(report.net.lowMinor)} …{" "}
                {money(report.net.highMinor)})
              </p>
            ) : null}
            <p className="text-muted-foreground text-xs">{t("uplift.method")}</p>
          </CardContent>
        ) : null}
      </Card>
    </div>
  );
}
