"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@/app/_trpc/query-hooks";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { DataTable, type DataTableColumn } from "@/app/_components/data-table";
import { Money } from "@/app/_components/money";
import { Badge } from "@/app/_components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { formatCode } from "@/server/vouchers/voucher-code.logic";
import { isWithinReversalWindow } from "@/server/vouchers/voucher-state.logic";
import type { RouterOutputs } from "../../_lib/router-types";
import { useShopTime } from "../../_lib/use-shop-time";
import { useNow } from "../../orders/[id]/_components/use-now";
import { ReverseRedemptionDialog } from "./reverse-redemption-dialog";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

type Redemption = RouterOutputs["vouchers"]["redemptions"]["rows"][number];

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
  const columns: DataTableColumn<Redemption>[] = [
    {
      id: "at",
      header: t("at"),
      className: "whitespace-nowrap",
      cell: (r) => time.precise(r.redeemedAt),
    },
    {
      id: "code",
      header: t("code"),
      primary: true,
      className: "font-mono whitespace-nowrap",
      cell: (r) => formatCode(r.code),
    },
    {
      id: "order",
      header: t("order"),
      cell: (r) => (
        <PlainLink
          href={`/orders/${r.orderId}`}
          className="font-mono whitespace-nowrap underline-offset-2 hover:underline"
        >
          {r.orderNumber}
        </PlainLink>
      ),
    },
    { id: "store", header: t("store"), cell: (r) => r.storeName },
    { id: "staff", header: t("staff"), cell: (r) => r.staffName ?? "—" },
    {
      id: "value",
      header: t("value"),
      align: "end",
      cell: (r) => <Money minor={r.valueMinor} currency={r.currency} />,
    },
    {
      id: "state",
      header: t("state"),
      cell: (r) =>
        r.reversedAt ? (
          <Badge variant="secondary" title={r.reverseReason ?? undefined}>
            {isolatedSentence(t, "reversedBy", { name: r.reversedByName ?? "—" }, ["name"])}
          </Badge>
        ) : (
          <Badge>{t("active")}</Badge>
        ),
    },
    {
      id: "actions",
      header: t("actions"),
      actions: true,
      cell: (r) =>
        canReverse && !r.reversedAt && canStillReverse(r.redeemedAt) ? (
          <ReverseRedemptionDialog redemptionId={r.id} code={r.code} />
        ) : null,
    },
  ];

  return (
    <Card aria-labelledby="redemption-log">
      <CardHeader>
        <CardTitle id="redemption-log">{t("title")}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
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

        <DataTable
          caption={t("title")}
          framed={false}
          columns={columns}
          rows={log.data ? rows : undefined}
          rowKey={(r) => r.id}
          error={log.isError ? { message: errorMessage(log.error) } : undefined}
          empty={{ title: t("empty") }}
          pagination={{
            kind: "more",
            label: t("more"),
            onMore: log.hasNextPage ? () => void log.fetchNextPage() : null,
            loading: log.isFetchingNextPage,
          }}
        />
      </CardContent>
    </Card>
  );
}
