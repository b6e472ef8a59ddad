import { addDays, localDayStart } from "@/server/time/local-date.logic";

/** The instants of a statement's day as asked of the provider (end exclusive). */
export interface BillPeriod {
  from: Date;
  to: Date;
}

/** A day in `timeZone`: what Stripe and PayPal are asked for (the shop's local day). */
export function billDayIn(day: string, timeZone: string): BillPeriod {
  return { from: localDayStart(day, timeZone), to: localDayStart(addDays(day, 1), timeZone) };
}

/** A China-time day: WeChat Pay and Alipay name their bills by it, whatever the shop's zone. */
export function chinaBillDay(day: string): BillPeriod {
  return billDayIn(day, "Asia/Shanghai");
}
