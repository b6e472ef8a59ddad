"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import {
  activeFilterCount,
  FilterDate,
  FilterPanel,
  FilterSelect,
} from "@/app/_components/list-filters";
import { failureReasons } from "@/server/payments/failure-reasons.logic";
import { methodKinds } from "../../orders/_lib/search-params";
import { failureKinds, type FailureFilterState } from "../_lib/search-params";

type Draft = Omit<FailureFilterState, "cursor">;

/** Each choice applies at once (selects and date pickers): the list follows the URL. */
export function FailureFilters({
  filters,
  stores,
  onChange,
}: {
  filters: FailureFilterState;
  stores: { id: string; name: string }[];
  onChange: (next: Partial<Draft>) => void;
}) {
  const t = useTranslations("failures");
  const tShort = useTranslations("orders.failure.short");
  const tKind = useTranslations("paymentMethods.kinds");
  const select = <K extends keyof Draft>(
    key: K,
    label: string,
    options: { value: string; label: string }[],
  ) => (
    <FilterSelect
      label={label}
      anyLabel={t("filters.any")}
      value={filters[key] as string | null}
      options={options}
      onChange={(value) => onChange({ [key]: value } as Partial<Draft>)}
    />
  );
  const date = (key: "from" | "to", label: string) => (
    <FilterDate
      label={label}
      value={filters[key]}
      onChange={(value) => onChange({ [key]: value })}
    />
  );
  return (
    <FilterPanel toggleLabel={t("filters.toggle", { count: activeFilterCount(filters) })}>
      {select(
        "reason",
        t("filters.reason"),
        failureReasons.map((r) => ({ value: r, label: tShort(r) })),
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
      {select("recovered", t("filters.recovered"), [
        { value: "yes", label: t("recovered.yes") },
        { value: "no", label: t("recovered.no") },
      ])}
      {select(
        "kind",
        t("filters.kind"),
        failureKinds.map((k) => ({ value: k, label: t(`kind.${k}`) })),
      )}
      {date("from", t("filters.from"))}
      {date("to", t("filters.to"))}
    </FilterPanel>
  );
}
