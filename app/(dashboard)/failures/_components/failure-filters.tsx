"use client";

import { FilterIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { cn } from "@/app/_lib/cn";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
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
  const id = useId();
  // On a phone the filters fold away behind one button, so the list comes first.
  const [open, setOpen] = useState(false);
  const active = Object.entries(filters).filter(([k, v]) => k !== "cursor" && v !== null).length;
  const select = <K extends keyof Draft>(
    key: K,
    label: string,
    options: { value: string; label: string }[],
  ) => (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={`${id}-${key}`}>{label}</Label>
      <NativeSelect
        id={`${id}-${key}`}
        value={(filters[key] as string | null) ?? ""}
        onChange={(e) => onChange({ [key]: e.target.value || null } as Partial<Draft>)}
      >
        <option value="">{t("filters.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
  const date = (key: "from" | "to", label: string) => (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={`${id}-${key}`}>{label}</Label>
      <Input
        id={`${id}-${key}`}
        type="date"
        value={filters[key] ?? ""}
        onChange={(e) => onChange({ [key]: e.target.value || null })}
      />
    </div>
  );
  return (
    <div className="flex flex-col gap-3">
      <Button
        variant="outline"
        className="w-fit sm:hidden"
        aria-expanded={open}
        aria-controls={`${id}-filters`}
        onClick={() => setOpen(!open)}
      >
        <FilterIcon aria-hidden />
        {t("filters.toggle", { count: active })}
      </Button>
      <div
        id={`${id}-filters`}
        className={cn(
          "grid-cols-1 gap-3 sm:grid sm:grid-cols-2 lg:grid-cols-4",
          open ? "grid" : "hidden",
        )}
      >
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
      </div>
    </div>
  );
}
