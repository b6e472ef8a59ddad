import { getLocale, getTranslations } from "next-intl/server";
import { MoneyText } from "@/app/_components/money-text";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_components/ui/table";
import type { OrderDetail } from "../../../_lib/router-types";

/**
 * What was ordered, and the customer's contact and note: drawn on the server, since an order's
 * items, contact and note never change once it is made.
 */
export async function OrderSummary({ order }: { order: OrderDetail }) {
  const t = await getTranslations("orders.summary");
  const locale = await getLocale();
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("items")}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        {order.items.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("freeAmount")}</p>
        ) : (
          <Table>
            <TableCaption className="sr-only">{t("items")}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead
                  scope="col"
                  variant="bare"
                  className="py-2 pr-2 text-left font-medium last:pr-0"
                >
                  {t("item")}
                </TableHead>
                <TableHead
                  scope="col"
                  variant="bare"
                  className="py-2 pr-2 text-right font-medium last:pr-0"
                >
                  {t("qty")}
                </TableHead>
                <TableHead
                  scope="col"
                  variant="bare"
                  className="py-2 pr-2 text-right font-medium last:pr-0"
                >
                  {t("unitPrice")}
                </TableHead>
                <TableHead
                  scope="col"
                  variant="bare"
                  className="py-2 pr-3 text-right font-medium last:pr-0"
                >
                  {t("lineTotal")}
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {order.items.map((item) => (
                <TableRow key={item.id}>
                  <TableCell variant="bare" className="py-2 pr-2 break-words last:pr-0">
                    {item.name}
                  </TableCell>
                  <TableCell variant="bare" className="py-2 pr-2 text-right tabular-nums last:pr-0">
                    {item.quantity}
                  </TableCell>
                  <TableCell
                    variant="bare"
                    className="py-2 pr-2 text-right whitespace-nowrap last:pr-0"
                  >
                    <MoneyText
                      minor={item.unitPriceMinor}
                      currency={order.currency}
                      locale={locale}
                    />
                  </TableCell>
                  <TableCell className="py-2 text-right whitespace-nowrap">
                    <MoneyText
                      minor={item.unitPriceMinor * BigInt(item.quantity)}
                      currency={order.currency}
                      locale={locale}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
            <TableFooter>
              <TableRow className="border-t font-semibold">
                <TableHead
                  scope="row"
                  colSpan={3}
                  variant="bare"
                  className="py-2 pr-2 text-left font-medium last:pr-0"
                >
                  {t("total")}
                </TableHead>
                <TableCell className="py-2 text-right whitespace-nowrap">
                  <MoneyText minor={order.amountMinor} currency={order.currency} locale={locale} />
                </TableCell>
              </TableRow>
            </TableFooter>
          </Table>
        )}
        <dl className="flex flex-col gap-3 text-sm">
          <div className="flex flex-col gap-0.5">
            <dt className="text-muted-foreground text-xs">{t("customerContact")}</dt>
            <dd className="break-words">{order.customerContact ?? "—"}</dd>
          </div>
          <div className="flex flex-col gap-0.5">
            <dt className="text-muted-foreground text-xs">{t("note")}</dt>
            <dd className="break-words whitespace-pre-wrap">{order.note ?? "—"}</dd>
          </div>
        </dl>
      </CardContent>
    </Card>
  );
}
