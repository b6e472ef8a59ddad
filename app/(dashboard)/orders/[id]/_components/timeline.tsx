"use client";

import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import type { OrderDetail } from "../../../_lib/router-types";
import { useShopTime } from "../../../_lib/use-shop-time";
import { TimelineView } from "./timeline-view";

/** The order's timeline drawn in the browser (a failure's page, which shows its order's). */
export function Timeline({ order }: { order: OrderDetail }) {
  const time = useShopTime();
  return (
    <TimelineView
      order={order}
      t={useTranslations("orders.timeline")}
      tReason={useTranslations("orders.failure.short")}
      locale={useLocale()}
      precise={time.precise}
    />
  );
}
