"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { isolatedSentence } from "@/app/_components/isolated-sentence";
import type { ShiftListRow } from "./shifts-list";

/** "Closed by 王经理 for 李收银 — reason", when someone closed the shift for its cashier. */
export function ClosedForLine({ row }: { row: ShiftListRow }) {
  const t = useTranslations("shifts");
  if (!row.closedById || row.closedById === row.cashierId) return null;
  return (
    <p className="text-sm break-words" data-testid="closed-for">
      {isolatedSentence(
        t,
        "closeFor.closedBy",
        { closer: row.closedByName ?? "—", cashier: row.cashierName ?? "—" },
        ["closer", "cashier"],
      )}
      {row.closeReason ? (
        <>
          {" — "}
          {isolatedSentence(t, "closeFor.reasonQuoted", { reason: row.closeReason }, ["reason"])}
        </>
      ) : null}
    </p>
  );
}
