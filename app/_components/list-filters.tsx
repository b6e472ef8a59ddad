"use client";

import { FilterIcon } from "lucide-react";
import { useId, useState, type ReactNode } from "react";
import { Button } from "@/app/_components/ui/button";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { cn } from "@/app/_lib/cn";

/**
 * The filters of a list whose choices apply at once (the failure log, refunds): a grid of
 * fields on wider screens; on a phone they fold away behind one button, so the list comes first.
 */
export function FilterPanel({
  toggleLabel,
  children,
}: {
  toggleLabel: string;
  children: ReactNode;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
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
        {toggleLabel}
      </Button>
      <div
        id={`${id}-filters`}
        className={cn(
          "grid-cols-1 gap-3 sm:grid sm:grid-cols-2 lg:grid-cols-4",
          open ? "grid" : "hidden",
        )}
      >
        {children}
      </div>
    </div>
  );
}

/** A select whose empty choice ("any") clears the filter. */
export function FilterSelect({
  label,
  anyLabel,
  value,
  options,
  onChange,
}: {
  label: string;
  anyLabel: string;
  value: string | null;
  options: { value: string; label: string }[];
  onChange: (value: string | null) => void;
}) {
  const id = useId();
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}

/** A local date (the shop's day) bounding the list. */
export function FilterDate({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
}) {
  const id = useId();
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        type="date"
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value || null)}
      />
    </div>
  );
}

/** How many filters of a URL state are set (the page cursor is not a filter). */
export function activeFilterCount(filters: Record<string, unknown>): number {
  return Object.entries(filters).filter(([k, v]) => k !== "cursor" && v !== null).length;
}

/** A typed value (an id, a number) that applies when confirmed (Enter or leaving the field), not at each key. */
export function FilterText({
  label,
  value,
  onChange,
  placeholder,
}: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  placeholder?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value ?? "");
  const [shown, setShown] = useState(value);
  // The URL changed under the field (a reset, back button): show the new value.
  if (shown !== value) {
    setShown(value);
    setDraft(value ?? "");
  }
  const apply = () => {
    const next = draft.trim() || null;
    if (next !== value) onChange(next);
  };
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        type="search"
        value={draft}
        placeholder={placeholder}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === "Enter") apply();
        }}
      />
    </div>
  );
}
