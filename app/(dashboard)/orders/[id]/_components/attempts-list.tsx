"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { DataTable, type DataTableColumn } from "@/app/_components/data-table";
import { Money } from "@/app/_components/money";
import { Badge } from "@/app/_components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import type { OrderAttempt } from "../../../_lib/router-types";
import { useShopTime } from "../../../_lib/use-shop-time";
import { AttemptStatusBadge } from "../../_components/status-badge";
import { reasonOf } from "./order-payments";

function Flags({ attempt }: { attempt: OrderAttempt }) {
  const t = useTranslations("orders.flags");
  return (
    <span className="flex flex-wrap gap-1">
      {attempt.amountMismatch ? <Badge variant="destructive">{t("amountMismatch")}</Badge> : null}
      {attempt.isDuplicate ? <Badge variant="destructive">{t("duplicate")}</Badge> : null}
    </span>
  );
}

/** Every payment attempt of the order, newest first: what was tried, what it cost, how it ended. */
export function AttemptsList({ attempts }: { attempts: OrderAttempt[] }) {
  const t = useTranslations("orders.attempts");
  const tReason = useTranslations("orders.failure.short");
  const time = useShopTime();

  const ended = (a: OrderAttempt) => {
    if (a.succeededAt) return t("succeededAt", { time: time.precise(a.succeededAt) });
    if (a.status === "created" || a.status === "pending")
      return t("expiresAt", { time: time.precise(a.expiresAt) });
    return null;
  };

  const columns: DataTableColumn<OrderAttempt>[] = [
    {
      id: "method",
      header: t("method"),
      primary: true,
      className: "font-medium",
      cell: (a) => a.methodLabel,
    },
    {
      id: "status",
      header: t("status"),
      cell: (a) => (
        <div className="flex flex-col items-end gap-1 @3xl:items-start">
          <AttemptStatusBadge status={a.status} />
          {a.status === "failed" || a.status === "expired" ? (
            <span className="text-muted-foreground text-xs">{tReason(reasonOf(a))}</span>
          ) : null}
        </div>
      ),
    },
    {
      id: "amount",
      header: t("amount"),
      align: "end",
      className: "whitespace-nowrap",
      cell: (a) => <Money minor={a.amountMinor} currency={a.currency} />,
    },
    {
      id: "fee",
      header: t("fee"),
      align: "end",
      className: "whitespace-nowrap",
      cell: (a) => (a.feeMinor !== null ? <Money minor={a.feeMinor} currency={a.currency} /> : "—"),
    },
    {
      id: "txn",
      header: t("txn"),
      className: "max-w-44 font-mono text-xs break-all",
      cell: (a) => a.providerTxnId ?? "—",
    },
    {
      id: "times",
      header: t("times"),
      className: "text-muted-foreground text-xs whitespace-nowrap tabular-nums",
      cell: (a) => (
        <>
          <div>{t("createdAt", { time: time.precise(a.createdAt) })}</div>
          {ended(a) ? <div>{ended(a)}</div> : null}
        </>
      ),
    },
    {
      id: "flags",
      header: t("flags"),
      cell: (a) => <Flags attempt={a} />,
    },
  ];

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
      </CardHeader>
      <CardContent>
        <DataTable
          caption={t("title")}
          framed={false}
          columns={columns}
          rows={attempts}
          rowKey={(a) => a.id}
          empty={{ title: t("empty") }}
        />
      </CardContent>
    </Card>
  );
}
