"use client";

import { SearchIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useId, useState } from "react";
import {
  activeFilterCount,
  FilterDate,
  FilterPanel,
  FilterSelect,
} from "@/app/_components/list-filters";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { methodKinds } from "../../orders/_lib/search-params";
import { refundStatuses, type RefundFilterState } from "../_lib/search-params";

type Draft = Omit<RefundFilterState, "cursor">;

/**
 * Selects and dates apply at once; the order number applies with Enter, so the list does not
 * reload on every key.
 */
export function RefundFilters({
  filters,
  stores,
  onChange,
}: {
  filters: RefundFilterState;
  stores: { id: string; name: string }[];
  onChange: (next: Partial<Draft>) => void;
}) {
  const t = useTranslations("refunds");
  const tKind = useTranslations("paymentMethods.kinds");
  const id = useId();
  const [q, setQ] = useState(filters.q ?? "");
  const select = <K extends "status" | "method" | "store">(
    key: K,
    label: string,
    options: { value: string; label: string }[],
  ) => (
    <FilterSelect
      label={label}
      anyLabel={t("filters.any")}
      value={filters[key]}
      options={options}
      onChange={(value) => onChange({ [key]: value } as Partial<Draft>)}
    />
  );
  return (
    <FilterPanel toggleLabel={t("filters.toggle", { count: activeFilterCount(filters) })}>
      <form
        role="search"
        className="flex min-w-0 flex-col gap-1.5"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ q: q.trim() || null });
        }}
      >
        <Label htmlFor={`${id}-q`}>{t("filters.q")}</Label>
        <div className="relative">
          <SearchIcon
            className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2"
            aria-hidden
          />
          <Input
            id={`${id}-q`}
            type="search"
            className="pl-8"
            enterKeyHint="search"
            placeholder={t("filters.qPlaceholder")}
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
      </form>
      {select(
        "status",
        t("filters.status"),
        refundStatuses.map((s) => ({ value: s, label: t(`status.${s}`) })),
      )}
      {select(
        "method",
        t("filters.method"),
        methodKinds.map((k) => ({ value: k, label: tKind(k) })),
      )}
      {select(
        "store",
        t("filters.store"),
        stores.map((s) => ({ value: s.id, label: s.name })),
      )}
      <FilterDate
        label={t("filters.from")}
        value={filters.from}
        onChange={(from) => onChange({ from })}
      />
      <FilterDate label={t("filters.to")} value={filters.to} onChange={(to) => onChange({ to })} />
    </FilterPanel>
  );
}
