"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { Badge } from "@/app/_components/ui/badge";
import type { AlertStatus } from "../_lib/search-params";

const tone: Record<AlertStatus, string> = {
  open: "bg-amber-100 text-amber-900",
  acknowledged: "bg-sky-100 text-sky-900",
  resolved: "bg-emerald-100 text-emerald-900",
};

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  const t = useTranslations("alerts.status");
  return (
    <Badge variant="tinted" className={tone[status]}>
      {t(status)}
    </Badge>
  );
}
