import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import {
  approvesRefunds,
  asksRefunds,
  canAccess,
  handlesSupport,
  takesPayments,
} from "@/server/auth/roles.logic";
import { payLinkReach } from "@/server/payments/pay-link-reach";
import {
  HydrateClient,
  prefetch,
  prefetchAnswer,
  prefetchOrNotFound,
  trpc,
} from "@/server/trpc/rsc";
import { NoAccess } from "../../_components/no-access";
import { requireMerchant } from "../../_lib/me";
import { SupportNotes } from "../../failures/_components/support-notes";
import { OrderDetailView } from "./_components/order-detail";
import { OrderHistory } from "./_components/order-history";
import { OrderSummary } from "./_components/order-summary";
import { historyOf } from "./_lib/history-of";
import { ClientMessages } from "@/app/_i18n/client-messages";

export async function generateMetadata() {
  const t = await getTranslations("orders");
  return { title: t("detail.title") };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requireMerchant();
  const role = me.merchant.role;
  if (!canAccess(role, "orders")) return <NoAccess />;
  const { id } = await params;
  if (!uuid.test(id)) notFound();
  // The shop's zone, which the history drawn here shows times in.
  const basics = prefetchAnswer(trpc.merchant.basics.queryOptions());
  // An id of nothing, or of another shop's order, is not found (404).
  const order = await prefetchOrNotFound(trpc.orders.byId.queryOptions({ orderId: id }));
  // The methods to take a payment by: only an order still waiting for one shows them.
  if (order?.status === "pending") prefetch(trpc.paymentMethods.choices.queryOptions());
  return (
    // What this page's client components say (see ClientMessages): each orders page its own.
    <ClientMessages
      namespaces={[
        "orders.status",
        "orders.attemptStatus",
        "orders.channel",
        "orders.detail",
        "orders.paid",
        "orders.parts",
        "orders.panel.closed",
        "orders.warnings",
        "orders.attempts",
        "orders.flags",
        "orders.failure.short",
        "orders.slip",
        "failures.notes",
        "vouchers.orderCard",
        "vouchers.status",
        "vouchers.void",
        "orderRefunds.card",
        "refunds.reason",
        "refunds.status",
        "errors.invalidAmount",
        "errors.invalidCurrency",
      ]}
    >
      <HydrateClient>
        <OrderDetailView
          orderId={id}
          canTakePayments={takesPayments.includes(role)}
          canAskRefunds={asksRefunds.includes(role)}
          canDecideRefunds={approvesRefunds.includes(role)}
          payLinkReach={payLinkReach()}
          supportNotes={handlesSupport.includes(role) ? <SupportNotes orderId={id} /> : null}
          summary={order ? <OrderSummary order={order} /> : null}
          history={
            order ? <OrderHistory order={order} timeZone={(await basics)?.timeZone} /> : null
          }
          // Nothing drawn (the order refused for now): the browser's answer has it drawn.
          historyDrawn={order ? historyOf(order) : ""}
        />
      </HydrateClient>
    </ClientMessages>
  );
}
