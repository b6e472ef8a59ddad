"use client";

import type { ComponentProps } from "react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { Badge } from "@/app/_components/ui/badge";
import type { AttemptStatus, OrderStatus } from "../../_lib/router-types";

/** One colour per order status; the list of statuses is derived from it, so none is forgotten. */
const orderTone: Record<OrderStatus, string> = {
  pending: "bg-amber-100 text-amber-900",
  paid: "bg-emerald-100 text-emerald-900",
  partially_refunded: "bg-sky-100 text-sky-900",
  refunded: "bg-violet-100 text-violet-900",
  cancelled: "bg-zinc-200 text-zinc-800",
  expired: "bg-rose-100 text-rose-900",
};
export const orderStatuses = Object.keys(orderTone) as OrderStatus[];

const attemptTone: Record<AttemptStatus, string> = {
  created: "bg-amber-100 text-amber-900",
  pending: "bg-sky-100 text-sky-900",
  succeeded: "bg-emerald-100 text-emerald-900",
  failed: "bg-rose-100 text-rose-900",
  expired: "bg-zinc-200 text-zinc-800",
  cancelled: "bg-zinc-200 text-zinc-800",
};

export function OrderStatusBadge({
  status,
  size,
}: {
  status: OrderStatus;
  size?: ComponentProps<typeof Badge>["size"];
}) {
  const t = useTranslations("orders.status");
  return (
    <Badge variant="tinted" size={size} className={orderTone[status]} data-status={status}>
      {t(status)}
    </Badge>
  );
}

export function AttemptStatusBadge({ status }: { status: AttemptStatus }) {
  const t = useTranslations("orders.attemptStatus");
  return (
    <Badge variant="tinted" className={attemptTone[status]}>
      {t(status)}
    </Badge>
  );
}
