"use client";

import { FilterIcon, SearchIcon, XIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/app/_components/ui/button";
import { Checkbox, Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { cn } from "@/app/_lib/cn";
import type { MethodKind } from "../../_lib/router-types";
import {
  activeFilterCount,
  isValidAmount,
  orderSorts,
  type OrderFilters as Filters,
} from "../_lib/search-params";
import { orderStatuses } from "./status-badge";

type Draft = Omit<Filters, "cursor">;

const empty: Draft = {
  status: [],
  method: null,
  store: null,
  from: null,
  to: null,
  min: null,
  max: null,
  q: null,
  sort: "newest",
};

function draftOf(f: Filters): Draft {
  const { cursor: _cursor, ...rest } = f;
  return rest;
}

/**
 * The list's filters. Choices (status, method, store, sort) apply at once; typed values
 * (search, dates, amounts) apply with Enter or the Apply button, so the list does not
 * reload on every keystroke.
 */
export function OrderFilters({
  filters,
  onApply,
  currency,
  stores,
  methodKinds,
}: {
  filters: Filters;
  onApply: (next: Draft) => void;
  currency: string;
  stores: { id: string; name: string }[];
  methodKinds: MethodKind[];
}) {
  const t = useTranslations("orderList.filters");
  const tSort = useTranslations("orderList.sort");
  const tStatus = useTranslations("orders.status");
  const tKind = useTranslations("paymentMethods.kinds");
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(filters));
  const [errors, setErrors] = useState<{ min?: string; max?: string }>({});
  const [open, setOpen] = useState(false);

  // When the URL changes from outside (back button, "Clear"), the form follows it.
  const urlKey = JSON.stringify(draftOf(filters));
  const [seenKey, setSeenKey] = useState(urlKey);
  if (seenKey !== urlKey) {
    setSeenKey(urlKey);
    setDraft(draftOf(filters));
    setErrors({});
  }

  function apply(next: Draft) {
    const nextErrors = {
      min: next.min && !isValidAmount(next.min, currency) ? t("invalidAmount") : undefined,
      max: next.max && !isValidAmount(next.max, currency) ? t("invalidAmount") : undefined,
    };
    setErrors(nextErrors);
    if (nextErrors.min || nextErrors.max) return;
    const clean = (v: string | null) => (v?.trim() ? v.trim() : null);
    onApply({
      ...next,
      q: clean(next.q),
      min: clean(next.min),
      max: clean(next.max),
      from: clean(next.from),
      to: clean(next.to),
    });
  }

  function change(patch: Partial<Draft>, applyNow: boolean) {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (applyNow) apply(next);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    apply(draft);
  }

  const count = activeFilterCount({ ...filters });
  const fid = (name: string) => `${id}-${name}`;

  return (
    <form onSubmit={onSubmit} role="search" aria-label={t("label")} className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex min-w-0 flex-1 basis-64 flex-col gap-2">
          <Label htmlFor={fid("q")}>{t("search")}</Label>
          <div className="relative">
            <SearchIcon
              className="text-muted-foreground pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2"
              aria-hidden
            />
            <Input
              id={fid("q")}
              type="search"
              // The hint in the size of the desktop's text: a phone's 16 px (below which iOS
              // zooms into a field) cut it off.
              className="pl-9 placeholder:text-sm"
              placeholder={t("searchPlaceholder")}
              value={draft.q ?? ""}
              maxLength={100}
              onChange={(e) => change({ q: e.target.value }, false)}
            />
          </div>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor={fid("sort")}>{t("sort")}</Label>
          <NativeSelect
            id={fid("sort")}
            variant="bare"
            className="h-10 w-auto text-base md:text-sm"
            value={draft.sort}
            onChange={(e) => change({ sort: e.target.value as Draft["sort"] }, true)}
          >
            {orderSorts.map((s) => (
              <option key={s} value={s}>
                {tSort(s)}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit">{t("apply")}</Button>
        <Button
          type="button"
          variant="outline"
          className="lg:hidden"
          aria-expanded={open}
          aria-controls={fid("more")}
          onClick={() => setOpen(!open)}
        >
          <FilterIcon />
          {count > 0 ? t("toggleCount", { count }) : t("toggle")}
        </Button>
      </div>

      <div
        id={fid("more")}
        className={cn(
          "grid-cols-2 gap-x-3 gap-y-4 sm:grid-cols-3 lg:grid lg:grid-cols-6",
          open ? "grid" : "hidden",
        )}
      >
        <fieldset className="col-span-2 flex flex-col gap-2 sm:col-span-3 lg:col-span-6">
          <legend className="mb-2 text-sm leading-none font-medium">{t("status")}</legend>
          <div className="flex flex-wrap gap-2">
            {orderStatuses.map((s) => {
              const checked = draft.status.includes(s);
              return (
                <label
                  key={s}
                  className={cn(
                    "has-[:focus-visible]:ring-ring/50 flex h-9 cursor-pointer items-center gap-2 rounded-full border px-3 text-sm select-none has-[:focus-visible]:ring-[3px]",
                    checked ? "border-primary bg-accent text-accent-foreground" : "bg-card",
                  )}
                >
                  <Checkbox
                    checked={checked}
                    onChange={() =>
                      change(
                        {
                          status: checked
                            ? draft.status.filter((x) => x !== s)
                            : orderStatuses.filter((x) => x === s || draft.status.includes(x)),
                        },
                        true,
                      )
                    }
                  />
                  {tStatus(s)}
                </label>
              );
            })}
          </div>
        </fieldset>
        <div className="flex flex-col gap-2">
          <Label htmlFor={fid("method")}>{t("method")}</Label>
          <NativeSelect
            id={fid("method")}
            value={draft.method ?? ""}
            onChange={(e) => change({ method: (e.target.value || null) as Draft["method"] }, true)}
          >
            <option value="">{t("allMethods")}</option>
            {methodKinds.map((k) => (
              <option key={k} value={k}>
                {tKind(k)}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor={fid("store")}>{t("store")}</Label>
          <NativeSelect
            id={fid("store")}
            value={draft.store ?? ""}
            onChange={(e) => change({ store: e.target.value || null }, true)}
          >
            <option value="">{t("allStores")}</option>
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor={fid("from")}>{t("from")}</Label>
          <Input
            id={fid("from")}
            type="date"
            value={draft.from ?? ""}
            max={draft.to ?? undefined}
            onChange={(e) => change({ from: e.target.value }, false)}
          />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor={fid("to")}>{t("to")}</Label>
          <Input
            id={fid("to")}
            type="date"
            value={draft.to ?? ""}
            min={draft.from ?? undefined}
            onChange={(e) => change({ to: e.target.value }, false)}
          />
        </div>
        <AmountFilter
          id={fid("min")}
          label={t("minAmount", { currency })}
          value={draft.min}
          error={errors.min}
          onChange={(v) => change({ min: v }, false)}
        />
        <AmountFilter
          id={fid("max")}
          label={t("maxAmount", { currency })}
          value={draft.max}
          error={errors.max}
          onChange={(v) => change({ max: v }, false)}
        />
        {count > 0 ? (
          <div className="col-span-2 flex justify-end sm:col-span-3 lg:col-span-6">
            <Button type="button" variant="ghost" size="sm" onClick={() => onApply(empty)}>
              <XIcon />
              {t("clear")}
            </Button>
          </div>
        ) : null}
      </div>
    </form>
  );
}

function AmountFilter(props: {
  id: string;
  label: string;
  value: string | null;
  error?: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor={props.id}>{props.label}</Label>
      <Input
        id={props.id}
        inputMode="decimal"
        autoComplete="off"
        placeholder="0.00"
        value={props.value ?? ""}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      />
      {props.error ? (
        <p id={`${props.id}-error`} className="text-destructive text-sm">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export type { Draft as OrderFilterDraft };
