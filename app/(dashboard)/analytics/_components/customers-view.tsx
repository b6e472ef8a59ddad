"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { Money } from "@/app/_components/money";
import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { toFilters } from "../_lib/search-params";
import { EraseCustomer } from "./erase-customer";
import { Figure, FigureTable, usePercent } from "./shared";

interface Method {
  id: string;
  label: string;
}

/**
 * How customers pay: over the period, orders of new against returning customers and each
 * segment's method mix; over all time, the repeat rate, who switched method (and on which
 * promotion) and the lifetime value per first method. Customers are counted, never named:
 * no buyer id or contact reaches this screen.
 */
export function CustomersView({
  filters,
  methods,
  isOwner,
}: {
  filters: ReturnType<typeof toFilters>;
  methods: Method[];
  isOwner: boolean;
}) {
  const t = useTranslations("analytics");
  const trpc = useTRPC();
  const format = useFormatter();
  const percent = usePercent();
  const errorMessage = useErrorMessage();
  const q = useQuery(trpc.analytics.customers.queryOptions(filters));
  const erase = isOwner ? <EraseCustomer /> : null;
  if (q.error) return <p role="alert">{errorMessage(q.error)}</p>;
  if (!q.data) return <Skeleton className="h-64" aria-label={t("customers.loading")} />;
  const d = q.data;
  const methodName = (id: string | null) =>
    methods.find((m) => m.id === id)?.label ?? t("customers.unknownMethod");
  const money = (m: bigint | null) =>
    m === null ? "—" : <Money minor={m} currency={d.currency} />;
  const storeNote = filters.storeId ? (
    <p className="text-muted-foreground text-xs">{t("customers.allStores")}</p>
  ) : null;

  if (d.customers === 0 && d.newOrders + d.returningOrders === 0) {
    return (
      <div className="flex flex-col gap-4">
        <Card className="p-6 text-center">
          <h2 className="text-lg font-semibold">{t("customers.emptyTitle")}</h2>
          <p className="text-muted-foreground text-sm">{t("customers.emptyHint")}</p>
        </Card>
        {erase}
      </div>
    );
  }

  const paidOrders = d.newOrders + d.returningOrders;
  // Each method's orders in the two segments, side by side, and its share of its segment.
  const mixIds = [...new Set([...d.mix.new, ...d.mix.returning].map((m) => m.methodId))];
  const ordersIn = (rows: { methodId: string; orders: number }[], id: string) =>
    rows.find((r) => r.methodId === id)?.orders ?? 0;
  const share = (n: number, of: number) => (of > 0 ? n / of : null);
  const mixRows = mixIds
    .map((id) => ({
      id,
      fresh: ordersIn(d.mix.new, id),
      back: ordersIn(d.mix.returning, id),
    }))
    .sort((a, b) => b.fresh + b.back - (a.fresh + a.back));

  return (
    <div className="flex flex-col gap-4">
      <Card className="grid grid-cols-1 gap-4 p-4 sm:grid-cols-2 md:p-5 lg:grid-cols-4">
        <Figure label={t("customers.newOrders")} value={format.number(d.newOrders)}>
          {t("customers.inPeriod")}
        </Figure>
        <Figure label={t("customers.returningOrders")} value={format.number(d.returningOrders)}>
          {t("customers.returningShare", {
            value: percent(share(d.returningOrders, paidOrders)),
          })}
        </Figure>
        <Figure label={t("customers.known")} value={format.number(d.customers)}>
          {t("customers.allTime")}
        </Figure>
        <Figure label={t("customers.repeatRate")} value={percent(d.repeatRate)}>
          {t("customers.repeatRateHint")}
        </Figure>
      </Card>

      <Card className="flex flex-col gap-4 p-4 md:p-5">
        <h2 className="text-lg font-semibold">{t("customers.mix")}</h2>
        {storeNote}
        {mixRows.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("customers.noneInPeriod")}</p>
        ) : (
          <FigureTable
            caption={t("customers.mixCaption")}
            columns={[
              t("columns.method"),
              t("customers.newOrders"),
              t("customers.shareOfNew"),
              t("customers.returningOrders"),
              t("customers.shareOfReturning"),
            ]}
            rows={mixRows.map((r) => [
              methodName(r.id),
              format.number(r.fresh),
              percent(share(r.fresh, d.newOrders)),
              format.number(r.back),
              percent(share(r.back, d.returningOrders)),
            ])}
          />
        )}
      </Card>

      <Card className="flex flex-col gap-4 p-4 md:p-5">
        <h2 className="text-lg font-semibold">{t("customers.switches")}</h2>
        <p className="text-muted-foreground text-sm">{t("customers.switchesHint")}</p>
        {d.switches.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("customers.noSwitches")}</p>
        ) : (
          <FigureTable
            caption={t("customers.switches")}
            columns={[
              t("customers.fromMethod"),
              t("customers.toMethod"),
              t("customers.promotion"),
              t("customers.customers"),
            ]}
            rows={d.switches.map((s) => [
              methodName(s.fromMethodId),
              methodName(s.toMethodId),
              s.promotionName ?? t("customers.noPromotion"),
              format.number(s.customers),
            ])}
          />
        )}
      </Card>

      <Card className="flex flex-col gap-4 p-4 md:p-5">
        <h2 className="text-lg font-semibold">{t("customers.lifetime")}</h2>
        <p className="text-muted-foreground text-sm">
          {t("customers.lifetimeHint", { currency: d.currency })}
        </p>
        <FigureTable
          caption={t("customers.lifetime")}
          columns={[
            t("customers.firstMethod"),
            t("customers.customers"),
            t("customers.lifetimeValue"),
            t("customers.perCustomer"),
          ]}
          rows={d.lifetimeByFirstMethod.map((l) => [
            methodName(l.firstMethodId),
            format.number(l.customers),
            money(l.amountMinor),
            money(l.perCustomerMinor),
          ])}
        />
      </Card>
      {erase}
    </div>
  );
}
