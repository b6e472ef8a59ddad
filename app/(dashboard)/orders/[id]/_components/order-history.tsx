import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/app/_components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import type { NotificationOutcome, OrderDetail } from "../../../_lib/router-types";
import { shopPreciseStyle } from "../../../_lib/shop-time-styles";
import { TimelineView } from "./timeline-view";

/**
 * The order's timeline and the provider's notifications, drawn on the server: read-only, so
 * their code and sentences stay off the browser. The page draws them again when the order's
 * history grows (OrderDetailView compares historyOf with what they were drawn from).
 */
export async function OrderHistory({
  order,
  timeZone,
}: {
  order: OrderDetail;
  /** The shop's; the request's default when unknown. */
  timeZone: string | undefined;
}) {
  const format = await getFormatter();
  const precise = (at: Date) => format.dateTime(at, { ...shopPreciseStyle, timeZone });
  return (
    <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
      <TimelineView
        order={order}
        t={await getTranslations("orders.timeline")}
        tReason={await getTranslations("orders.failure.short")}
        locale={await getLocale()}
        precise={precise}
      />
      <Notifications order={order} precise={precise} />
    </div>
  );
}

const outcomeVariant: Record<NotificationOutcome, "default" | "secondary" | "destructive"> = {
  applied: "default",
  duplicate: "secondary",
  ignored: "secondary",
  mismatch: "destructive",
  rejected: "destructive",
};

/** The provider's notifications about this order's attempts, as our inbox received them. */
async function Notifications({
  order,
  precise,
}: {
  order: OrderDetail;
  precise: (at: Date) => string;
}) {
  const t = await getTranslations("orders.notifications");
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
      </CardHeader>
      <CardContent>
        {order.notifications.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("empty")}</p>
        ) : (
          <ul className="flex flex-col divide-y">
            {order.notifications.map((n) => (
              <li key={n.id} className="flex flex-col gap-1 py-3 text-sm first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <Badge variant={outcomeVariant[n.outcome]}>{t(`outcome.${n.outcome}`)}</Badge>
                  <time
                    dateTime={n.receivedAt.toISOString()}
                    className="text-muted-foreground text-xs tabular-nums"
                  >
                    {precise(n.receivedAt)}
                  </time>
                </div>
                <p className="text-muted-foreground text-xs">{t(`meaning.${n.outcome}`)}</p>
                {n.detail ? <p className="font-mono text-xs break-all">{n.detail}</p> : null}
                {n.eventId ? (
                  <p className="text-muted-foreground font-mono text-xs break-all">
                    {t("event", { id: n.eventId })}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
