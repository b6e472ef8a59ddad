"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { KeysetPager, useCursorTrail } from "@/app/_components/keyset-pager";
import { Money } from "@/app/_components/money";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import type { RouterOutputs } from "../../_lib/router-types";
import { CloseForCashierDialog } from "./close-for-cashier-dialog";
import { ClosedForLine } from "./closed-for-line";
import { ConfirmShiftDialog } from "./confirm-shift-dialog";
import { DifferenceText } from "./drawer-figures";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

export type ShiftListRow = RouterOutputs["shifts"]["list"]["rows"][number];
type Status = "open" | "closed" | "confirmed";

/** Every cashier's shifts for managers and the owner, a page at a time, to confirm the counts. */
export function ShiftsList({ viewerId, isOwner }: { viewerId: string; isOwner: boolean }) {
  const t = useTranslations("shifts");
  const trpc = useTRPC();
  const time = useShopTime();
  const [status, setStatus] = useState<Status | "">("");
  const trail = useCursorTrail((key) => t(`list.${key}`));
  const list = useQuery(
    trpc.shifts.list.queryOptions({ status: status || undefined, cursor: trail.cursor, limit: 20 }),
  );
  const [confirming, setConfirming] = useState<ShiftListRow | null>(null);
  const [closingFor, setClosingFor] = useState<ShiftListRow | null>(null);

  return (
    <section className="flex flex-col gap-4" aria-labelledby="shifts-list">
      <div className="flex flex-col gap-1">
        <h2 id="shifts-list" className="text-lg font-semibold">
          {t("list.title")}
        </h2>
        <p className="text-muted-foreground text-sm">{t("list.description")}</p>
      </div>
      <div className="flex max-w-xs flex-col gap-2">
        <Label htmlFor="shifts-status">{t("list.status")}</Label>
        <NativeSelect
          id="shifts-status"
          variant="bare"
          className="h-11 w-full text-base md:text-sm"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as Status | "");
            trail.restart();
          }}
        >
          <option value="">{t("list.any")}</option>
          {(["open", "closed", "confirmed"] as const).map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </NativeSelect>
      </div>
      {list.isPending ? (
        <p className="text-muted-foreground" role="status">
          {t("loading")}
        </p>
      ) : list.isError ? (
        <div role="alert" className="flex items-center gap-3">
          <Button variant="outline" onClick={() => void list.refetch()}>
            {t("retry")}
          </Button>
        </div>
      ) : list.data.rows.length === 0 ? (
        <p className="bg-muted rounded-lg p-4">
          {status ? t("list.emptyFiltered") : t("list.empty")}
        </p>
      ) : (
        <ul className="divide-y rounded-lg border" aria-label={t("list.title")}>
          {list.data.rows.map((row) => (
            <li
              key={row.id}
              className="grid gap-2 p-4 sm:grid-cols-[1fr_auto] sm:items-center"
              data-testid="shift-row"
            >
              <div className="flex min-w-0 flex-col gap-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium break-words">{row.cashierName}</span>
                  <span className="text-muted-foreground">· {row.storeName}</span>
                  <Badge variant={row.status === "closed" ? "default" : "secondary"}>
                    {t(`status.${row.status}`)}
                  </Badge>
                  {row.cashierInTeam ? null : <Badge variant="outline">{t("list.leftTeam")}</Badge>}
                </div>
                <p className="text-muted-foreground text-sm">
                  {t("list.opened")} {time.dateTime(row.openedAt)}
                  {row.closedAt ? ` · ${t("list.closedAt")} ${time.dateTime(row.closedAt)}` : ""}
                </p>
                {row.differenceMinor !== null && row.expectedMinor !== null ? (
                  <p className="text-sm">
                    {t("figures.expected")}{" "}
                    <Money minor={row.expectedMinor} currency={row.currency} /> ·{" "}
                    {t("figures.counted")}{" "}
                    <Money minor={row.countedMinor ?? 0n} currency={row.currency} /> ·{" "}
                    <DifferenceText differenceMinor={row.differenceMinor} currency={row.currency} />
                  </p>
                ) : null}
                <ClosedForLine row={row} />
                {row.confirmedByName ? (
                  <p className="text-muted-foreground text-sm break-words">
                    {isolatedSentence(t, "confirm.confirmedBy", { name: row.confirmedByName }, [
                      "name",
                    ])}
                    {row.confirmNote ? ` — ${row.confirmNote}` : ""}
                  </p>
                ) : null}
              </div>
              {row.status === "closed" && (isOwner || !countedBy(row, viewerId)) ? (
                <Button size="lg" onClick={() => setConfirming(row)}>
                  {t("list.confirm")}
                </Button>
              ) : row.status !== "open" || row.cashierId === viewerId ? null : isOwner ||
                !row.cashierIsOwner ? (
                <Button size="lg" variant="outline" onClick={() => setClosingFor(row)}>
                  {t("closeFor.start")}
                </Button>
              ) : (
                <p className="text-muted-foreground text-sm">{t("closeFor.ownersOwn")}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      <KeysetPager {...trail.pager(list)} />
      <ConfirmShiftDialog shift={confirming} onDone={() => setConfirming(null)} />
      <CloseForCashierDialog shift={closingFor} onDone={() => setClosingFor(null)} />
    </section>
  );
}

/** Whether the viewer counted this drawer (theirs, or closed for its cashier): four eyes confirm. */
const countedBy = (row: ShiftListRow, viewerId: string) =>
  row.cashierId === viewerId || row.closedById === viewerId;
