"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { Badge } from "@/app/_components/ui/badge";
import type { RefundStatus } from "../_lib/search-params";

/** One colour per refund status. */
const tone: Record<RefundStatus, string> = {
  awaiting_approval: "bg-amber-100 text-amber-900",
  requested: "bg-sky-100 text-sky-900",
  pending: "bg-sky-100 text-sky-900",
  succeeded: "bg-emerald-100 text-emerald-900",
  failed: "bg-rose-100 text-rose-900",
};

export function RefundStatusBadge({ status }: { status: RefundStatus }) {
  const t = useTranslations("refunds.status");
  return (
    <Badge variant="tinted" className={tone[status]} data-status={status}>
      {t(status)}
    </Badge>
  );
}
