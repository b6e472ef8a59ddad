"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { Money } from "@/app/_components/money";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { formatCode } from "@/server/vouchers/voucher-code.logic";
import { isWithinReversalWindow } from "@/server/vouchers/voucher-state.logic";
import { useShopTime } from "../../_lib/use-shop-time";
import { useNow } from "../../orders/[id]/_components/use-now";
import { ReverseRedemptionDialog } from "./reverse-redemption-dialog";

export interface LogFilters {
  storeId?: string;
  staffUserId?: string;
  from?: string;
  to?: string;
  state?: "active" | "reversed";
}

/** The redemption log: filters, newest first, more on demand (keyset pages from the server). */
export function RedemptionLog({
  stores,
  filters,
  onFilters,
  canReverse,
}: {
  stores: { id: string; name: string }[];
  filters: LogFilters;
  onFilters: (next: LogFilters) => void;
  canReverse: boolean;
}) {
  const t = useTranslations("vouchers.log");
  const trpc = useTRPC();
  const time = useShopTime();
  const now = useNow(30_000);
  const errorMessage = useErrorMessage();
  const redeemers = useQuery(trpc.vouchers.redeemers.queryOptions());
  const settings = useQuery(trpc.vouchers.settings.queryOptions());
  const canStillReverse = (redeemedAt: Date) =>
    now !== null &&
    isWithinReversalWindow(redeemedAt, new Date(now), settings.data?.reversalWindowMinutes ?? 0);
  const log = useInfiniteQuery(
    trpc.vouchers.redemptions.infiniteQueryOptions(
      { ...filters, limit: 25 },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        placeholderData: keepPreviousData,
      },
    ),
  );
  const set = (patch: Partial<LogFilters>) => onFilters({ ...filters, ...patch });
  const rows = log.data?.pages.flatMap((p) => p.rows) ?? [];

  return (
    <Card aria-labelledby="redemption-log">
      <CardHeader>
        <CardTitle id="redemption-log">{t("title")}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
          <div className="flex flex-col gap-1">
            <Label htmlFor="log-store">{t("store")}</Label>
            <NativeSelect
              id="log-store"
              value={filters.storeId ?? ""}
              onChange={(e) => set({ storeId: e.target.value || undefined })}
            >
              <option value="">{t("allStores")}</option>
              {stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="log-staff">{t("staff")}</Label>
            <NativeSelect
              id="log-staff"
              value={filters.staffUserId ?? ""}
              onChange={(e) => set({ staffUserId: e.target.value || undefined })}
            >
              <option value="">{t("allStaff")}</option>
              {redeemers.data?.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="log-from">{t("from")}</Label>
            <Input
              id="log-from"
              type="date"
              value={filters.from ?? ""}
              onChange={(e) => set({ from: e.target.value || undefined })}
            />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="log-to">{t("to")}</Label>
            <Input
              id="log-to"
              type="date"
              value={filters.to ?? ""}
              onChange={(e) => set({ to: e.target.value || undefined })}
            />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="log-state">{t("state")}</Label>
            <NativeSelect
              id="log-state"
              value={filters.state ?? ""}
              onChange={(e) => set({ state: (e.target.value || undefined) as LogFilters["state"] })}
            >
              <option value="">{t("allStates")}</option>
              <option value="active">{t("active")}</option>
              <option value="reversed">{t("reversed")}</option>
            </NativeSelect>
          </div>
        </div>

        {log.isPending ? (
          <div className="flex flex-col gap-2">
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : log.isError ? (
          <p role="alert" className="text-destructive">
            {errorMessage(log.error)}
          </p>
        ) : rows.length === 0 ? (
          <p className="text-muted-foreground py-6 text-center">{t("empty")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="text-muted-foreground text-left">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("at")}
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("code")}
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("order")}
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("store")}
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("staff")}
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">
                    {t("value")}
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("state")}
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    <span className="sr-only">{t("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y">
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td className="py-2 pr-3 whitespace-nowrap">{time.precise(r.redeemedAt)}</td>
                    <td className="py-2 pr-3 font-mono whitespace-nowrap">{formatCode(r.code)}</td>
                    <td className="py-2 pr-3">
                      <Link
                        href={`/orders/${r.orderId}`}
                        className="font-mono whitespace-nowrap underline-offset-2 hover:underline"
                      >
                        {r.orderNumber}
                      </Link>
                    </td>
                    <td className="py-2 pr-3">{r.storeName}</td>
                    <td className="py-2 pr-3">{r.staffName ?? "—"}</td>
                    <td className="py-2 pr-3 text-right">
                      <Money minor={r.valueMinor} currency={r.currency} />
                    </td>
                    <td className="py-2 pr-3">
                      {r.reversedAt ? (
                        <Badge variant="secondary" title={r.reverseReason ?? undefined}>
                          {t("reversedBy", { name: r.reversedByName ?? "—" })}
                        </Badge>
                      ) : (
                        <Badge>{t("active")}</Badge>
                      )}
                    </td>
                    <td className="py-2 text-right">
                      {canReverse && !r.reversedAt && canStillReverse(r.redeemedAt) ? (
                        <ReverseRedemptionDialog redemptionId={r.id} code={r.code} />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {log.hasNextPage ? (
          <Button
            variant="outline"
            className="self-center"
            onClick={() => void log.fetchNextPage()}
            disabled={log.isFetchingNextPage}
          >
            {t("more")}
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}
