"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useTranslations } from "@/app/_i18n/client-intl";
import { Money } from "@/app/_components/money";
import { useTRPC } from "@/app/_trpc/client";
import type { OrderAttempt, OrderDetail } from "../../../_lib/router-types";
import { useShopTime } from "../../../_lib/use-shop-time";

/** The slip PrintSlip prints (its print-only look is order-slip.css, loaded with the button). */
export function SlipSheet({
  order,
  attempt,
  qr,
}: {
  order: OrderDetail;
  attempt: OrderAttempt;
  qr: string;
}) {
  const t = useTranslations("orders.slip");
  const trpc = useTRPC();
  const time = useShopTime();
  const shop = useQuery(trpc.merchant.basics.queryOptions());
  return (
    <section
      data-order-slip
      aria-label={t("label")}
      className="hidden flex-col items-center gap-2 bg-white p-2 text-center text-black"
    >
      {shop.data ? <h1 className="text-base font-bold">{shop.data.name}</h1> : null}
      <p>{order.storeName}</p>
      <p className="font-mono">
        {t("order")} {order.number}
      </p>
      <p>{time.dateTime(order.createdAt)}</p>
      {order.items.length > 0 ? (
        <table className="w-full border-y border-dashed border-black text-left">
          <tbody>
            {order.items.map((item) => (
              <tr key={item.id}>
                <td className="py-0.5 break-words">{item.name}</td>
                <td className="px-1 py-0.5 text-right tabular-nums">×{item.quantity}</td>
                <td className="py-0.5 text-right whitespace-nowrap">
                  <Money
                    minor={item.unitPriceMinor * BigInt(item.quantity)}
                    currency={order.currency}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="flex w-full items-baseline justify-between font-bold">
        <span>{t("total")}</span>
        <Money minor={order.amountMinor} currency={order.currency} className="text-xl" />
      </p>
      <div
        data-slip-qr
        role="img"
        aria-label={t("qr")}
        className="size-40 [&_svg]:size-full"
        // qrcode's own SVG (paths only) of our pay link.
        dangerouslySetInnerHTML={{ __html: qr }}
      />
      <p className="font-semibold">{t("scan", { method: attempt.methodLabel })}</p>
      <p>{t("expires", { at: time.dateTime(attempt.expiresAt) })}</p>
    </section>
  );
}
