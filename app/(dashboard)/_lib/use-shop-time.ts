"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useFormatter } from "@/app/_i18n/client-intl";
import { useTRPC } from "@/app/_trpc/client";
import { shopDateTimeStyle, shopPreciseStyle } from "./shop-time-styles";

/**
 * Formats instants in the shop's time zone (merchant basics), whatever the device's zone:
 * a cashier's phone set to another zone still shows the shop's clock.
 */
export function useShopTime() {
  const trpc = useTRPC();
  const format = useFormatter();
  const settings = useQuery(trpc.merchant.basics.queryOptions());
  const timeZone = settings.data?.timeZone;
  return {
    timeZone,
    /** "26 Nov 2026, 14:05" */
    dateTime: (at: Date) => format.dateTime(at, { ...shopDateTimeStyle, timeZone }),
    /** "26 Nov 2026, 14:05:09", for timelines where seconds matter. */
    precise: (at: Date) => format.dateTime(at, { ...shopPreciseStyle, timeZone }),
  };
}
