"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { ExternalLinkIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { Badge } from "@/app/_components/ui/badge";
import { buttonVariants } from "@/app/_components/ui/button";
import { cn } from "@/app/_lib/cn";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { useTRPC } from "@/app/_trpc/client";
import { managesVouchers } from "@/server/auth/roles.logic";
import { formatCode } from "@/server/vouchers/voucher-code.logic";
import { nextVoucherState } from "@/server/vouchers/voucher-state.logic";
import { useShopTime } from "../../_lib/use-shop-time";
import { VoidVoucherDialog } from "./void-voucher-dialog";

/** The order's receipt / e-voucher on the order page, once the order is paid. */
export function OrderVoucherCard({ orderId, isPaid }: { orderId: string; isPaid: boolean }) {
  const t = useTranslations("vouchers.orderCard");
  const tStatus = useTranslations("vouchers.status");
  const trpc = useTRPC();
  const time = useShopTime();
  const me = useQuery(trpc.me.get.queryOptions());
  const role = me.data?.merchant?.role;
  const canVoid = !!role && managesVouchers.includes(role);
  const voucher = useQuery({
    ...trpc.vouchers.forOrder.queryOptions({ orderId }),
    enabled: isPaid,
  });
  if (!isPaid || !voucher.data) return null;
  const v = voucher.data;
  return (
    <Card aria-labelledby="order-voucher">
      <CardHeader>
        <CardTitle id="order-voucher">{t("title")}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 text-sm">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <span className="font-mono text-base font-semibold tracking-wider">
            {formatCode(v.code)}
          </span>
          <Badge variant={v.status === "issued" ? "default" : "secondary"}>
            {tStatus(v.status)}
          </Badge>
        </div>
        <p className="text-muted-foreground">
          {t("uses", { left: v.usesLeft, total: v.usesTotal })}
          {" · "}
          {v.expiresAt ? t("expires", { at: time.dateTime(v.expiresAt) }) : t("noExpiry")}
          {" · "}
          {v.storeOnly ? t("storeOnly") : t("anyStore")}
        </p>
        {v.voidReason ? <p>{t("voidReason", { reason: v.voidReason })}</p> : null}
        <div className="flex flex-wrap gap-2">
          <PlainLink
            href={`/r/${v.code}`}
            target="_blank"
            className={cn(buttonVariants({ variant: "outline", size: "sm" }))}
          >
            <ExternalLinkIcon aria-hidden />
            {t("openReceipt")}
          </PlainLink>
          {canVoid && nextVoucherState(v, "void_unused") ? (
            <VoidVoucherDialog voucherId={v.id} code={v.code} />
          ) : null}
        </div>
        {canVoid && v.status === "redeemed" ? (
          <p className="text-muted-foreground">{t("usedUpHint")}</p>
        ) : null}
      </CardContent>
    </Card>
  );
}
