"use client";

import { keepPreviousData, useQuery } from "@/app/_trpc/query-hooks";
import { PlusIcon, ReceiptTextIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { useUrlState } from "@/app/_lib/use-url-state";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { Button, buttonVariants } from "@/app/_components/ui/button";
import { useKeysetList } from "@/app/_components/keyset-list";
import { DataTable, type DataTableColumn } from "@/app/_components/data-table";
import { Card } from "@/app/_components/ui/card";
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
  const t = useTranslations("orderList");
  const tFilters = useTranslations("orderList.filters");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlState(orderFilterParsers, { history: "push" });
  const input = toListInput(filters, currency);
  const list = useQuery(
    trpc.orders.list.queryOptions(input, { placeholderData: keepPreviousData }),
  );
  const table = useKeysetList(list, filters.cursor, setFilters, (key) =>
    key === "retry" ? tCommon("retry") : t(key),
  );
  const methods = useQuery(trpc.paymentMethods.choices.queryOptions());
  // Offer the kinds this shop has set up (or that the URL already asks for).
  const kinds = methodKinds.filter(
    (k) => methods.data?.some((m) => m.kind === k) || filters.method === k,
  ) as MethodKind[];

  function applyFilters(next: OrderFilterDraft) {
    void setFilters({ ...next, cursor: null });
  }

  const newOrder = canTakePayments ? (
    <PlainLink href="/orders/new" className={buttonVariants()}>
      <PlusIcon />
      {t("newOrder")}
    </PlainLink>
  ) : null;
  const headerActions =
    canCloseStale || newOrder ? (
      <div className="flex flex-wrap gap-2">
        {canCloseStale ? <CloseStaleOrders /> : null}
        {newOrder}
      </div>
    ) : null;

  const filtered = activeFilterCount(filters) > 0;
  const columns = useOrderColumns();

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
        {list.data?.rows.length ? (
          <p className="text-muted-foreground text-sm" aria-live="polite">
            {list.data.totalIsCapped
              ? t("countCapped", { count: format.number(list.data.total) })
              : t("count", { count: list.data.total })}
          </p>
        ) : null}
        <DataTable
          caption={t("title")}
          columns={columns}
          {...table}
          rowKey={(o) => o.id}
          rowHref={(o) => `/orders/${o.id}`}
          empty={{
            icon: ReceiptTextIcon,
            title: filtered ? t("emptyFiltered") : t("empty"),
            hint: filtered ? t("emptyFilteredHint") : t("emptyHint"),
            actions: (
              <>
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
                    {tFilters("clear")}
                  </Button>
                ) : null}
                {newOrder}
              </>
            ),
          }}
        />
      </section>
    </div>
  );
}

function useOrderColumns(): DataTableColumn<OrderListRow>[] {
  const t = useTranslations("orderList");
  const time = useShopTime();
  return [
    {
      id: "number",
      header: t("columns.number"),
      primary: true,
      className: "font-mono font-medium",
      cell: (o) => o.number,
    },
    {
      id: "time",
      header: t("columns.time"),
      className: "text-muted-foreground whitespace-nowrap tabular-nums",
      cell: (o) => time.dateTime(o.createdAt),
    },
    {
      id: "store",
      header: t("columns.store"),
      className: "max-w-48 truncate",
      cell: (o) => o.storeName,
    },
    {
      id: "method",
      header: t("columns.method"),
      className: "max-w-56 truncate",
      cell: (o) => o.methodLabel ?? <span className="text-muted-foreground">{t("noMethod")}</span>,
    },
    {
      id: "amount",
      header: t("columns.amount"),
      align: "end",
      className: "font-medium whitespace-nowrap",
      cell: (o) => <Money minor={o.amountMinor} currency={o.currency} />,
    },
    {
      id: "status",
      header: t("columns.status"),
      cell: (o) => <OrderStatusBadge status={o.status} />,
    },
  ];
}
