"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useTranslations } from "@/app/_i18n/client-intl";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useTRPC } from "@/app/_trpc/client";
import { formatCode } from "@/server/vouchers/voucher-code.logic";
import { isWithinReversalWindow } from "@/server/vouchers/voucher-state.logic";
import { useShopTime } from "../../_lib/use-shop-time";
import { useNow } from "../../orders/[id]/_components/use-now";
import { ReverseRedemptionDialog } from "../../vouchers/_components/reverse-redemption-dialog";

/** The counter's last redemptions; a manager may reverse one still inside the window. */
export function RecentRedemptions({
  storeId,
  canReverse,
  onChanged,
}: {
  storeId: string;
  canReverse: boolean;
  onChanged: () => void;
}) {
  const t = useTranslations("redeem.recent");
  const trpc = useTRPC();
  const time = useShopTime();
  const now = useNow(15_000);
  const list = useQuery(trpc.vouchers.redemptions.queryOptions({ storeId, limit: 8 }));
  const settings = useQuery(trpc.vouchers.settings.queryOptions());
  const canStillReverse = (redeemedAt: Date) =>
    now !== null &&
    isWithinReversalWindow(redeemedAt, new Date(now), settings.data?.reversalWindowMinutes ?? 0);

  return (
    <Card aria-labelledby="recent-redemptions">
      <CardHeader>
        <CardTitle id="recent-redemptions">{t("title")}</CardTitle>
      </CardHeader>
      <CardContent>
        {list.isPending ? (
          <div className="flex flex-col gap-2">
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : list.isError ? (
          <p role="alert" className="text-destructive text-sm">
            {t("error")}
          </p>
        ) : list.data.rows.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("empty")}</p>
        ) : (
          <ul className="divide-y">
            {list.data.rows.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <div className="min-w-0 text-sm">
                  <p className="font-mono font-medium">{formatCode(r.code)}</p>
                  <p className="text-muted-foreground">
                    {time.precise(r.redeemedAt)} · {r.staffName ?? "—"} · {r.orderNumber}
                  </p>
                </div>
                {r.reversedAt ? (
                  <span className="text-muted-foreground text-sm">
                    {t("reversed", { reason: r.reverseReason ?? "" })}
                  </span>
                ) : canReverse && canStillReverse(r.redeemedAt) ? (
                  <ReverseRedemptionDialog redemptionId={r.id} code={r.code} onDone={onChanged} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
