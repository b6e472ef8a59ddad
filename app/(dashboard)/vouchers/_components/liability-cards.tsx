"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useTranslations } from "@/app/_i18n/client-intl";
import { Money } from "@/app/_components/money";
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

/** Outstanding value (still owed) and breakage (expired unused), per currency. */
export function LiabilityCards() {
  const t = useTranslations("vouchers.liability");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const liability = useQuery(trpc.vouchers.liability.queryOptions());
  if (liability.isPending) return <Skeleton className="h-32" />;
  if (liability.isError)
    return (
      <p role="alert" className="text-destructive">
        {errorMessage(liability.error)}
      </p>
    );
  const rows = liability.data.length
    ? liability.data
    : [
        {
          currency: null,
          outstandingMinor: 0n,
          outstandingCount: 0,
          breakageMinor: 0n,
          breakageCount: 0,
        },
      ];
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>{t("outstanding")}</CardTitle>
          <CardDescription>{t("outstandingHint")}</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-1">
          {rows.map((r) => (
            <p key={r.currency ?? "none"} className="flex flex-wrap items-baseline gap-x-2">
              <span className="text-2xl font-semibold" data-testid="outstanding">
                {r.currency ? <Money minor={r.outstandingMinor} currency={r.currency} /> : "0"}
              </span>
              <span className="text-muted-foreground text-sm">
                {t("count", { count: r.outstandingCount })}
              </span>
            </p>
          ))}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("breakage")}</CardTitle>
          <CardDescription>{t("breakageHint")}</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-1">
          {rows.map((r) => (
            <p key={r.currency ?? "none"} className="flex flex-wrap items-baseline gap-x-2">
              <span className="text-2xl font-semibold">
                {r.currency ? <Money minor={r.breakageMinor} currency={r.currency} /> : "0"}
              </span>
              <span className="text-muted-foreground text-sm">
                {t("count", { count: r.breakageCount })}
              </span>
            </p>
          ))}
        </CardContent>
      </Card>
    </div>
  );
}
