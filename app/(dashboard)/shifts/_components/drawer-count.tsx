"use client";

import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { formatMinor, minorToMajorString } from "@/server/money/currency";
import {
  cnyDenominations,
  countTotal,
  type CnyDenomination,
} from "@/server/shifts/denominations.logic";

/** A drawer's count as it is being entered: the total typed, or the pieces that made it. */
export function useDrawerCount(currency: string) {
  const [text, setText] = useState("");
  const [pieces, setPieces] = useState<Partial<Record<CnyDenomination, number>>>({});
  return {
    currency,
    text,
    pieces,
    /** A total typed by hand forgets the pieces: they no longer add up to it. */
    type: (value: string) => {
      setText(value);
      setPieces({});
    },
    count: (value: CnyDenomination, raw: string) => {
      const n = raw.trim() === "" ? 0 : Number(raw);
      if (!Number.isInteger(n) || n < 0) return false;
      const next = { ...pieces, [value]: n };
      setPieces(next);
      setText(minorToMajorString(countTotal(next), currency));
      return true;
    },
    reset: () => {
      setText("");
      setPieces({});
    },
  };
}

export type DrawerCount = ReturnType<typeof useDrawerCount>;

/**
 * The cash counted in a drawer: the total, or (in renminbi) the notes and coins of each
 * denomination, added up into the total as they are entered. Used by every close.
 */
export function DrawerCountField({
  count,
  invalid,
  onEdit,
}: {
  count: DrawerCount;
  invalid: boolean;
  onEdit: () => void;
}) {
  const t = useTranslations("shifts");
  const locale = useLocale();
  return (
    <>
      <div className="flex flex-col gap-2">
        <Label htmlFor="shift-counted">{t("close.counted")}</Label>
        <Input
          id="shift-counted"
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          variant="bare"
          className="h-14 w-full text-2xl md:text-2xl"
          value={count.text}
          onChange={(e) => {
            count.type(e.target.value);
            onEdit();
          }}
          aria-invalid={invalid ? true : undefined}
        />
      </div>
      {count.currency === "CNY" ? (
        <details className="rounded-lg border p-3">
          <summary className="min-h-11 cursor-pointer content-center font-medium">
            {t("close.byDenomination")}
          </summary>
          <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4">
            {cnyDenominations.map((value) => (
              <div key={value} className="flex flex-col gap-1">
                <Label htmlFor={`pieces-${value}`}>
                  {t("close.pieces", { value: formatMinor(BigInt(value), "CNY", locale) })}
                </Label>
                <Input
                  id={`pieces-${value}`}
                  inputMode="numeric"
                  variant="bare"
                  className="h-11 w-full text-base md:text-sm"
                  value={count.pieces[value] ?? ""}
                  onChange={(e) => {
                    if (count.count(value, e.target.value)) onEdit();
                  }}
                />
              </div>
            ))}
          </div>
        </details>
      ) : null}
    </>
  );
}
