import { getTranslations } from "next-intl/server";
import type { SearchParams } from "@/app/_lib/url-state";
import { canAccess, closesStaleOrders, takesPayments } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { serverCaller } from "@/server/trpc/server-caller";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { OrdersList } from "./_components/orders-list";
import { loadOrderFilters, toListInput } from "./_lib/search-params";
import { ClientMessages } from "@/app/_i18n/client-messages";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("orders") };
}

export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const me = await requireMerchant();
  const role = me.merchant.role;
  if (!canAccess(role, "orders")) return <NoAccess />;
  const settings = await (await serverCaller()).merchant.settings();
  const filters = await loadOrderFilters(searchParams);
  prefetch(trpc.merchant.basics.queryOptions());
  prefetch(trpc.paymentMethods.choices.queryOptions());
  prefetch(trpc.orders.list.queryOptions(toListInput(filters, settings.defaultCurrency)));
  return (
    // What this page's client components say (see ClientMessages): each orders page its own;
    // the list's namespace and the statuses, not the order page's sentences (`orders`).
    <ClientMessages
      namespaces={[
        "orderList",
        "orders.status",
        "orders.attemptStatus",
        "paymentMethods.kinds",
        "errors.invalidAmount",
        "errors.invalidCurrency",
      ]}
    >
      <HydrateClient>
        <OrdersList
          currency={settings.defaultCurrency}
          stores={me.stores.map((s) => ({ id: s.id, name: s.name }))}
          canTakePayments={takesPayments.includes(role)}
          canCloseStale={closesStaleOrders.includes(role)}
        />
      </HydrateClient>
    </ClientMessages>
  );
}
