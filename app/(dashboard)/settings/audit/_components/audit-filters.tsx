"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import {
  activeFilterCount,
  FilterDate,
  FilterPanel,
  FilterSelect,
  FilterText,
} from "@/app/_components/list-filters";
import type { AuditFilterState } from "../_lib/search-params";
import { useActionLabel } from "./audit-labels";

type Draft = Omit<AuditFilterState, "cursor">;

/** Each choice applies at once (the id when confirmed): the list follows the URL. */
export function AuditFilters({
  filters,
  choices,
  onChange,
}: {
  filters: AuditFilterState;
  choices: { actions: string[]; entityTypes: string[]; people: { id: string; label: string }[] };
  onChange: (next: Partial<Draft>) => void;
}) {
  const t = useTranslations("audit");
  const actionLabel = useActionLabel();
  return (
    <FilterPanel toggleLabel={t("filters.toggle", { count: activeFilterCount(filters) })}>
      <FilterSelect
        label={t("filters.person")}
        anyLabel={t("filters.any")}
        value={filters.person}
        options={choices.people.map((p) => ({ value: p.id, label: p.label }))}
        onChange={(person) => onChange({ person })}
      />
      <FilterSelect
        label={t("filters.action")}
        anyLabel={t("filters.any")}
        value={filters.action}
        options={choices.actions.map((a) => ({ value: a, label: actionLabel(a) }))}
        onChange={(action) => onChange({ action })}
      />
      <FilterSelect
        label={t("filters.entityType")}
        anyLabel={t("filters.any")}
        value={filters.entityType}
        options={choices.entityTypes.map((e) => ({ value: e, label: e }))}
        onChange={(entityType) => onChange({ entityType })}
      />
      <FilterText
        label={t("filters.entityId")}
        value={filters.entityId}
        onChange={(entityId) => onChange({ entityId })}
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
