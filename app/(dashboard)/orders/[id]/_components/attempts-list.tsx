"use client";

import { useTranslations } from "next-intl";
import { Money } from "@/app/_components/money";
import { Badge } from "@/app/_components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import type { OrderAttempt } from "../../../_lib/router-types";
import { useShopTime } from "../../../_lib/use-shop-time";
import { AttemptStatusBadge } from "../../_components/status-badge";
import { reasonOf } from "./payment-panel";

function Flags({ attempt }: { attempt: OrderAttempt }) {
  const t = useTranslations("orders");
  return (
    <span className="flex flex-wrap gap-1">
      {attempt.amountMismatch ? (
        <Badge variant="destructive">{t("flags.amountMismatch")}</Badge>
      ) : null}
      {attempt.isDuplicate ? <Badge variant="destructive">{t("flags.duplicate")}</Badge> : null}
    </span>
  );
}

/** Every payment attempt of the order, newest first: what was tried, what it cost, how it ended. */
export function AttemptsList({ attempts }: { attempts: OrderAttempt[] }) {
  const t = useTranslations("orders");
  const time = useShopTime();

  const ended = (a: OrderAttempt) => {
    if (a.succeededAt) return t("attempts.succeededAt", { time: time.precise(a.succeededAt) });
    if (a.status === "created" || a.status === "pending")
      return t("attempts.expiresAt", { time: time.precise(a.expiresAt) });
    return null;
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("attempts.title")}</CardTitle>
      </CardHeader>
      <CardContent>
        {attempts.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("attempts.empty")}</p>
        ) : (
          <>
            <ul className="flex flex-col divide-y lg:hidden">
              {attempts.map((a) => (
                <li key={a.id} className="flex flex-col gap-1 py-3 text-sm first:pt-0">
                  <div className="flex items-center justify-between gap-2">
                    <span className="truncate font-medium">{a.methodLabel}</span>
                    <AttemptStatusBadge status={a.status} />
                  </div>
                  <div className="text-muted-foreground flex flex-wrap gap-x-4 text-xs">
                    <span>
                      {t("attempts.amount")}: <Money minor={a.amountMinor} currency={a.currency} />
                    </span>
                    {a.feeMinor !== null ? (
                      <span>
                        {t("attempts.fee")}: <Money minor={a.feeMinor} currency={a.currency} />
                      </span>
                    ) : null}
                    <span>{time.precise(a.createdAt)}</span>
                    {ended(a) ? <span>{ended(a)}</span> : null}
                  </div>
                  {a.providerTxnId ? (
                    <span className="font-mono text-xs break-all">{a.providerTxnId}</span>
                  ) : null}
                  {a.status === "failed" || a.status === "expired" ? (
                    <span className="text-xs">{t(`failure.reasons.${reasonOf(a)}`)}</span>
                  ) : null}
                  <Flags attempt={a} />
                </li>
              ))}
            </ul>
            <div className="hidden overflow-x-auto lg:block">
              <table className="w-full text-sm">
                <caption className="sr-only">{t("attempts.title")}</caption>
                <thead className="text-muted-foreground border-b text-left text-xs">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      {t("attempts.method")}
                    </th>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      {t("attempts.status")}
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      {t("attempts.amount")}
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      {t("attempts.fee")}
                    </th>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      {t("attempts.txn")}
                    </th>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      {t("attempts.times")}
                    </th>
                    <th scope="col" className="py-2 font-medium">
                      {t("attempts.flags")}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y">
                  {attempts.map((a) => (
                    <tr key={a.id} className="align-top">
                      <td className="py-2 pr-3 font-medium">{a.methodLabel}</td>
                      <td className="py-2 pr-3">
                        <div className="flex flex-col items-start gap-1">
                          <AttemptStatusBadge status={a.status} />
                          {a.status === "failed" || a.status === "expired" ? (
                            <span className="text-muted-foreground text-xs">
                              {t(`failure.short.${reasonOf(a)}`)}
                            </span>
                          ) : null}
                        </div>
                      </td>
                      <td className="py-2 pr-3 text-right whitespace-nowrap">
                        <Money minor={a.amountMinor} currency={a.currency} />
                      </td>
                      <td className="py-2 pr-3 text-right whitespace-nowrap">
                        {a.feeMinor !== null ? (
                          <Money minor={a.feeMinor} currency={a.currency} />
                        ) : (
                          "—"
                        )}
                      </td>
                      <td className="max-w-44 py-2 pr-3 font-mono text-xs break-all">
                        {a.providerTxnId ?? "—"}
                      </td>
                      <td className="text-muted-foreground py-2 pr-3 text-xs whitespace-nowrap tabular-nums">
                        <div>{t("attempts.createdAt", { time: time.precise(a.createdAt) })}</div>
                        {ended(a) ? <div>{ended(a)}</div> : null}
                      </td>
                      <td className="py-2">
                        <Flags attempt={a} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </CardContent>
    </Card>
  );
}
