"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { PlusIcon, ReceiptTextIcon } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useQueryStates } from "nuqs";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { Button, buttonVariants } from "@/app/_components/ui/button";
import { KeysetPager } from "@/app/_components/keyset-pager";
import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { MethodKind, OrderListRow } from "../../_lib/router-types";
import { useShopTime } from "../../_lib/use-shop-time";
import {
  activeFilterCount,
  methodKinds,
  orderFilterParsers,
  toListInput,
} from "../_lib/search-params";
import { CloseStaleOrders } from "./close-stale-orders";
import { OrderFilters, type OrderFilterDraft } from "./order-filters";
import { OrderStatusBadge } from "./status-badge";

export function OrdersList({
  currency,
  stores,
  canTakePayments,
  canCloseStale,
}: {
  currency: string;
  stores: { id: string; name: string }[];
  canTakePayments: boolean;
  canCloseStale: boolean;
}) {
  const t = useTranslations("orders");
  const format = useFormatter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [filters, setFilters] = useQueryStates(orderFilterParsers, { history: "push" });
  const input = toListInput(filters, currency);
  const list = useQuery(
    trpc.orders.list.queryOptions(input, { placeholderData: keepPreviousData }),
  );
  const methods = useQuery(trpc.paymentMethods.list.queryOptions());
  // Offer the kinds this shop has set up (or that the URL already asks for).
  const kinds = methodKinds.filter(
    (k) => methods.data?.some((m) => m.kind === k) || filters.method === k,
  ) as MethodKind[];

  function applyFilters(next: OrderFilterDraft) {
    void setFilters({ ...next, cursor: null });
  }

  const newOrder = canTakePayments ? (
    <Link href="/orders/new" className={buttonVariants()}>
      <PlusIcon />
      {t("newOrder")}
    </Link>
  ) : null;
  const headerActions =
    canCloseStale || newOrder ? (
      <div className="flex flex-wrap gap-2">
        {canCloseStale ? <CloseStaleOrders /> : null}
        {newOrder}
      </div>
    ) : null;

  const filtered = activeFilterCount(filters) > 0;

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6">
      <PageHeader title={t("title")} description={t("description")} actions={headerActions} />
      <Card className="p-4 md:p-5">
        <OrderFilters
          filters={filters}
          onApply={applyFilters}
          currency={currency}
          stores={stores}
          methodKinds={kinds}
        />
      </Card>

      <section
        aria-labelledby="orders-results"
        aria-busy={list.isFetching}
        className="flex flex-col gap-3"
      >
        <h2 id="orders-results" className="sr-only">
          {t("results")}
        </h2>
        {list.isPending ? (
          <Card className="flex flex-col gap-3 p-5" aria-busy="true">
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} className="h-12" />
            ))}
          </Card>
        ) : list.isError ? (
          <Card role="alert" className="flex flex-col items-start gap-3 p-5 text-sm">
            <p>{errorMessage(list.error)}</p>
            <Button variant="outline" size="sm" onClick={() => void list.refetch()}>
              {t("retry")}
            </Button>
          </Card>
        ) : list.data.rows.length === 0 ? (
          <Card className="flex flex-col items-center gap-3 px-5 py-12 text-center">
            <ReceiptTextIcon className="text-muted-foreground size-10" aria-hidden />
            <p className="font-medium">{filtered ? t("emptyFiltered") : t("empty")}</p>
            <p className="text-muted-foreground max-w-sm text-sm">
              {filtered ? t("emptyFilteredHint") : t("emptyHint")}
            </p>
            <div className="flex flex-wrap justify-center gap-2">
              {filtered ? (
                <Button
                  variant="outline"
                  onClick={() =>
                    void setFilters({
                      status: null,
                      method: null,
                      store: null,
                      from: null,
                      to: null,
                      min: null,
                      max: null,
                      q: null,
                      cursor: null,
                    })
                  }
                >
                  {t("filters.clear")}
                </Button>
              ) : null}
              {newOrder}
            </div>
          </Card>
        ) : (
          <>
            <p className="text-muted-foreground text-sm" aria-live="polite">
              {list.data.totalIsCapped
                ? t("countCapped", { count: format.number(list.data.total) })
                : t("count", { count: list.data.total })}
            </p>
            <OrderRows rows={list.data.rows} />
            <KeysetPager
              labels={{
                pagination: t("pagination"),
                firstPage: t("firstPage"),
                nextPage: t("nextPage"),
              }}
              onFirst={filters.cursor ? () => void setFilters({ cursor: null }) : null}
              onNext={
                list.data.nextCursor && !list.isPlaceholderData
                  ? () => void setFilters({ cursor: list.data.nextCursor })
                  : null
              }
            />
          </>
        )}
      </section>
    </div>
  );
}

function OrderRows({ rows }: { rows: OrderListRow[] }) {
  const t = useTranslations("orders");
  const time = useShopTime();
  return (
    <>
      {/* Phones and narrow tablets: one card per order, the whole card a link. */}
      <ul className="flex flex-col gap-2 lg:hidden">
        {rows.map((o) => (
          <li key={o.id}>
            <Link
              href={`/orders/${o.id}`}
              className="bg-card hover:bg-accent/40 focus-visible:ring-ring/50 grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 rounded-xl border p-4 shadow-xs outline-none focus-visible:ring-[3px]"
            >
              <span className="font-mono text-sm font-medium">{o.number}</span>
              <Money
                minor={o.amountMinor}
                currency={o.currency}
                className="text-right font-semibold"
              />
              <span className="text-muted-foreground truncate text-xs">
                {time.dateTime(o.createdAt)} · {o.storeName}
              </span>
              <span className="row-span-2 self-end justify-self-end">
                <OrderStatusBadge status={o.status} />
              </span>
              <span className="text-muted-foreground truncate text-xs">
                {o.methodLabel ?? t("noMethod")}
              </span>
            </Link>
          </li>
        ))}
      </ul>

      <Card className="hidden overflow-hidden lg:block">
        <table className="w-full text-sm">
          <caption className="sr-only">{t("title")}</caption>
          <thead className="bg-muted/50 text-muted-foreground border-b text-left text-xs">
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">
                {t("columns.number")}
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                {t("columns.time")}
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                {t("columns.store")}
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                {t("columns.method")}
              </th>
              <th scope="col" className="px-4 py-3 text-right font-medium">
                {t("columns.amount")}
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                {t("columns.status")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {rows.map((o) => (
              <tr key={o.id} className="hover:bg-accent/40 relative">
                <td className="px-4 py-3">
                  {/* The link covers the whole row (after:inset-0), so a click anywhere opens it. */}
                  <Link
                    href={`/orders/${o.id}`}
                    className="focus-visible:ring-ring/50 font-mono font-medium outline-none after:absolute after:inset-0 hover:underline focus-visible:ring-[3px]"
                  >
                    {o.number}
                  </Link>
                </td>
                <td className="text-muted-foreground px-4 py-3 whitespace-nowrap tabular-nums">
                  {time.dateTime(o.createdAt)}
                </td>
                <td className="max-w-48 truncate px-4 py-3">{o.storeName}</td>
                <td
                  className={cn(
                    "max-w-56 truncate px-4 py-3",
                    !o.methodLabel && "text-muted-foreground",
                  )}
                >
                  {o.methodLabel ?? t("noMethod")}
                </td>
                <td className="px-4 py-3 text-right font-medium whitespace-nowrap">
                  <Money minor={o.amountMinor} currency={o.currency} />
                </td>
                <td className="px-4 py-3">
                  <OrderStatusBadge status={o.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
