"use client";

import { skipToken, useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { ArrowLeftIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { PlainLink } from "@/app/_components/plain-link";
import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { useEffect, useState, type ReactNode } from "react";
import { toast } from "@/app/_components/toast";
import { Money } from "@/app/_components/money";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/app/_components/ui/alert-dialog";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useSubscription } from "@/app/_trpc/use-subscription";
import { formatMinor } from "@/server/money/currency";
import type { OrderDetail } from "../../../_lib/router-types";
import { useShopTime } from "../../../_lib/use-shop-time";
import { OrderStatusBadge } from "../../_components/status-badge";
import { OrderVoucherCard } from "../../../vouchers/_components/order-voucher-card";
import { AttemptsList } from "./attempts-list";
import { OrderRefunds } from "./order-refunds";
import type { PayLinkReach } from "@/server/payments/pay-link-origin.logic";
import { PrintSlip } from "./order-slip";
import { paidSoFar } from "./order-payments";
import { PaymentPanel, PaymentWarnings } from "./payment-panel";
import { historyOf } from "../_lib/history-of";

/** Whether the order's changes arrive as they happen; "connecting" is the first attempt. */
type LiveLink = "connecting" | "live" | "reconnecting";

/** Without a live connection the page still catches up, by asking this often. */
const fallbackPollMs = 5000;

export function OrderDetailView({
  orderId,
  canTakePayments,
  canAskRefunds,
  canDecideRefunds,
  payLinkReach,
  supportNotes,
  summary,
  history,
  historyDrawn,
}: {
  orderId: string;
  canTakePayments: boolean;
  canAskRefunds: boolean;
  canDecideRefunds: boolean;
  /** How customers' phones reach the server: the address the pay QR carries. */
  payLinkReach: PayLinkReach;
  /** 客服 notes, for the roles that handle support. */
  supportNotes?: ReactNode;
  /** What was ordered (OrderSummary, drawn on the server). */
  summary: ReactNode;
  /** The timeline and notifications, drawn on the server (OrderHistory)… */
  history: ReactNode;
  /** …from the order's history in this state (historyOf). */
  historyDrawn: string;
}) {
  const t = useTranslations("orders.detail");
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [link, setLink] = useState<LiveLink>("connecting");
  // Once the page has been live, any loss of the connection is a reconnection.
  const lose = () => setLink((was) => (was === "connecting" ? was : "reconnecting"));

  const order = useQuery({
    ...trpc.orders.byId.queryOptions({ orderId }),
    refetchInterval: link === "live" ? false : fallbackPollMs,
  });
  // Only a pending order takes a payment (the page sends them for it alone); a settled one
  // never turns pending again.
  const methods = useQuery({
    ...trpc.paymentMethods.choices.queryOptions(),
    enabled: order.data?.status === "pending",
  });

  // The server sends the whole order again whenever anything about it changes.
  useSubscription(
    trpc.orders.watch.subscriptionOptions(order.isError ? skipToken : { orderId }, {
      onStarted: () => setLink("live"),
      onData: (data) => {
        setLink("live");
        queryClient.setQueryData(trpc.orders.byId.queryKey({ orderId }), data);
        // A refund's move is one of the order's changes: its list is read afresh.
        void queryClient.invalidateQueries(trpc.refunds.pathFilter());
      },
      onError: () => setLink("reconnecting"),
      onConnectionStateChange: (state) => (state.state === "pending" ? setLink("live") : lose()),
    }),
  );

  // The order grew a step (the live link, a poll or a mutation's refetch): the server draws
  // the history again. Its drawing brings the order it read, so the two meet and this stops.
  const router = useRouter();
  const held = order.data ? historyOf(order.data) : historyDrawn;
  useEffect(() => {
    if (held !== historyDrawn) router.refresh();
  }, [held, historyDrawn, router]);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.orders.byId.queryKey({ orderId }) });
    void queryClient.invalidateQueries(trpc.refunds.pathFilter());
  };

  const cancel = useMutation(
    trpc.orders.cancel.mutationOptions({
      onSuccess: () => {
        toast.success(t("cancelled"));
        refresh();
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );

  const back = (
    <PlainLink
      href="/orders"
      className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-sm"
    >
      <ArrowLeftIcon className="size-4" aria-hidden />
      {t("back")}
    </PlainLink>
  );

  if (order.isPending) {
    return (
      <div className="mx-auto flex max-w-6xl flex-col gap-6" aria-busy="true">
        {back}
        <Skeleton className="h-10 w-72" />
        <div className="grid gap-6 lg:grid-cols-5">
          <Skeleton className="h-96 lg:col-span-3" />
          <Skeleton className="h-64 lg:col-span-2" />
        </div>
      </div>
    );
  }
  if (order.isError) {
    return (
      <div className="mx-auto flex max-w-6xl flex-col gap-6">
        {back}
        <Card role="alert" className="flex flex-col items-start gap-3 p-5 text-sm">
          <p>{errorMessage(order.error)}</p>
          <Button variant="outline" size="sm" onClick={() => void order.refetch()}>
            {tCommon("retry")}
          </Button>
        </Card>
      </div>
    );
  }

  const o = order.data;
  // A slip carries the QR of the open wallet request; cash has no link to scan.
  const payable = o.attempts.find(
    (a) => (a.status === "created" || a.status === "pending") && a.methodKind !== "cash",
  );
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6">
      {back}
      <OrderHeader
        order={o}
        link={link}
        actions={
          canTakePayments && o.status === "pending" ? (
            <div className="flex flex-wrap gap-2 sm:justify-end">
              {payable ? <PrintSlip order={o} attempt={payable} reach={payLinkReach} /> : null}
              <AlertDialog>
                <AlertDialogTrigger asChild>
                  <Button variant="outline" className="min-h-11" disabled={cancel.isPending}>
                    {t("cancelOrder")}
                  </Button>
                </AlertDialogTrigger>
                <AlertDialogContent>
                  <AlertDialogTitle>{t("cancelTitle", { number: o.number })}</AlertDialogTitle>
                  <AlertDialogDescription>
                    {paidSoFar(o) > 0n
                      ? t("abandonBody", {
                          paid: formatMinor(paidSoFar(o), o.currency, locale),
                          approval: canDecideRefunds ? "now" : "approval",
                        })
                      : t("cancelBody")}
                  </AlertDialogDescription>
                  <AlertDialogFooter>
                    <AlertDialogCancel>{t("keepOrder")}</AlertDialogCancel>
                    <AlertDialogAction onClick={() => cancel.mutate({ orderId })}>
                      {t("cancelOrder")}
                    </AlertDialogAction>
                  </AlertDialogFooter>
                </AlertDialogContent>
              </AlertDialog>
            </div>
          ) : null
        }
      />
      <PaymentWarnings order={o} canRefund={canAskRefunds} onRefunded={refresh} />
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-5">
        <div className="min-w-0 lg:col-span-3">
          <PaymentPanel
            order={o}
            methods={methods.data}
            canTakePayments={canTakePayments}
            payLinkReach={payLinkReach}
            onChanged={refresh}
          />
        </div>
        <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
          {summary}
          <OrderRefunds
            order={o}
            canAsk={canAskRefunds}
            canDecide={canDecideRefunds}
            onChanged={refresh}
          />
          <OrderVoucherCard orderId={orderId} isPaid={o.paidAt !== null} />
        </div>
      </div>
      <AttemptsList attempts={o.attempts} />
      {supportNotes}
      {history}
    </div>
  );
}

function OrderHeader({
  order,
  link,
  actions,
}: {
  order: OrderDetail;
  link: LiveLink;
  actions: ReactNode;
}) {
  const t = useTranslations("orders.detail");
  const tChannel = useTranslations("orders.channel");
  const time = useShopTime();
  const live = link === "live";
  return (
    <header className="flex flex-col gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex min-w-0 flex-col gap-1">
          <p className="text-muted-foreground text-sm">{t("title")}</p>
          <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
            <span className="font-mono">{order.number}</span>
            <OrderStatusBadge status={order.status} size="lg" />
          </h1>
          <p
            className={cn(
              "flex items-center gap-1.5 text-xs",
              live ? "text-emerald-700" : "text-muted-foreground",
            )}
            role="status"
          >
            <span
              aria-hidden
              className={cn("size-2 rounded-full", live ? "bg-emerald-500" : "bg-zinc-400")}
            />
            {t(link)}
          </p>
        </div>
        <div className="flex flex-col items-start gap-2 sm:items-end">
          <Money
            minor={order.amountMinor}
            currency={order.currency}
            className="text-3xl font-bold"
          />
          {actions}
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm xl:grid-cols-4">
        <div className="flex min-w-0 flex-col gap-0.5">
          <dt className="text-muted-foreground text-xs">{t("store")}</dt>
          <dd className="truncate">{order.storeName}</dd>
        </div>
        <div className="flex flex-col gap-0.5">
          <dt className="text-muted-foreground text-xs">{t("channel")}</dt>
          <dd>{tChannel(order.channel)}</dd>
        </div>
        <div className="flex flex-col gap-0.5">
          <dt className="text-muted-foreground text-xs">{t("created")}</dt>
          <dd className="tabular-nums">{time.dateTime(order.createdAt)}</dd>
        </div>
        <div className="flex min-w-0 flex-col gap-0.5">
          <dt className="text-muted-foreground text-xs">{t("createdBy")}</dt>
          <dd className="truncate">{order.createdByName ?? t("createdBySystem")}</dd>
        </div>
      </dl>
    </header>
  );
}
