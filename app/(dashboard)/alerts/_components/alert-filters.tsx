"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import {
  activeFilterCount,
  FilterDate,
  FilterPanel,
  FilterSelect,
} from "@/app/_components/list-filters";
import { alertStates, type AlertFilterState } from "../_lib/search-params";

type Draft = Omit<AlertFilterState, "cursor">;

/** State, kind and local dates; each applies at once. */
export function AlertFilters({
  filters,
  kinds,
  kindLabel,
  onChange,
}: {
  filters: AlertFilterState;
  /** The kinds this shop has had. */
  kinds: string[];
  kindLabel: (kind: string) => string;
  onChange: (next: Partial<Draft>) => void;
}) {
  const t = useTranslations("alerts");
  return (
    <FilterPanel toggleLabel={t("filters.toggle", { count: activeFilterCount(filters) })}>
      <FilterSelect
        label={t("filters.status")}
        anyLabel={t("filters.any")}
        value={filters.status}
        options={alertStates.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        onChange={(value) => onChange({ status: value as Draft["status"] })}
      />
      <FilterSelect
        label={t("filters.kind")}
        anyLabel={t("filters.any")}
        value={filters.kind}
        options={kinds.map((k) => ({ value: k, label: kindLabel(k) }))}
        onChange={(kind) => onChange({ kind })}
      />
      <FilterDate
        label={t("filters.from")}
        value={filters.from}
        onChange={(from) => onChange({ from })}
      />
      <FilterDate label={t("filters.to")} value={filters.to} onChange={(to) => onChange({ to })} />
    </FilterPanel>
  );
}
