"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { KeysetPager, useCursorTrail } from "@/app/_components/keyset-pager";
import { Money } from "@/app/_components/money";
import { PageHeader } from "@/app/_components/page-header";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Checkbox, Input } from "@/app/_components/ui/input";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { parseMajorToMinor } from "@/server/money/currency";
import { promotionsPageSize } from "../_lib/list-input";

type Store = { id: string; name: string };

/** The merchant's promotions and the form that starts one. */
export function PromotionsOverview({ stores }: { stores: Store[] }) {
  const t = useTranslations("promotions");
  const trpc = useTRPC();
  // "Latest" (the pager's first page) goes back to the newest promotions.
  const trail = useCursorTrail((key) => t(`list.${key}`));
  const list = useQuery(
    trpc.promotions.list.queryOptions(
      { cursor: trail.cursor, limit: promotionsPageSize },
      { placeholderData: keepPreviousData },
    ),
  );
  const errorMessage = useErrorMessage();
  const pager = trail.pager(list);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("title")} description={t("description")} />
      <Card>
        <CardHeader>
          <CardTitle>{t("list.title")}</CardTitle>
        </CardHeader>
        <CardContent>
          {list.isPending ? (
            <Skeleton className="h-24" />
          ) : list.error ? (
            <p role="alert" className="text-destructive text-sm">
              {errorMessage(list.error)}
            </p>
          ) : list.data.rows.length === 0 ? (
            <p className="text-muted-foreground text-sm">{t("list.empty")}</p>
          ) : (
            <ul className="divide-y" aria-busy={list.isFetching}>
              {list.data.rows.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                  <div className="flex flex-col">
                    <PlainLink
                      href={`/promotions/${p.id}`}
                      className="font-medium underline-offset-4 hover:underline"
                    >
                      {p.name}
                    </PlainLink>
                    <span className="text-muted-foreground text-xs">
                      {t("list.dates", { from: p.startsOn, to: p.endsOn })} ·{" "}
                      {t(`benefit.${p.benefit}`)}
                    </span>
                  </div>
                  <div className="flex items-center gap-3 text-sm">
                    <span>
                      {t("list.spent")} <Money minor={p.spentMinor} currency={p.currency} /> /{" "}
                      <Money minor={p.budgetMinor} currency={p.currency} />
                    </span>
                    <Badge variant={p.enabled ? "default" : "secondary"}>
                      {p.enabled ? t("list.running") : t("list.paused")}
                    </Badge>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {pager.onFirst || pager.onNext ? <KeysetPager {...pager} /> : null}
        </CardContent>
      </Card>
      <CreatePromotionCard stores={stores} />
    </div>
  );
}

const benefits = ["amount_off", "percent_off", "item_price"] as const;

/** Major units typed by a person → minor units, or undefined when empty or not a number. */
function minorOf(value: FormDataEntryValue | null, currency: string): bigint | null {
  const text = String(value ?? "").trim();
  if (!text) return null;
  try {
    return parseMajorToMinor(text, currency);
  } catch {
    return null;
  }
}

function CreatePromotionCard({ stores }: { stores: Store[] }) {
  const t = useTranslations("promotions.form");
  const tb = useTranslations("promotions.benefit");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const fieldErrors = useFieldErrors();
  const methods = useQuery(trpc.paymentMethods.list.queryOptions());
  const settings = useQuery(trpc.merchant.basics.queryOptions());
  const currency = settings.data?.defaultCurrency ?? "CNY";
  const [benefit, setBenefit] = useState<(typeof benefits)[number]>("amount_off");
  const [anyWallet, setAnyWallet] = useState(true);
  const create = useMutation(
    trpc.promotions.create.mutationOptions({
      onSuccess: () => {
        toast.success(t("created"));
        void queryClient.invalidateQueries(trpc.promotions.list.pathFilter());
      },
    }),
  );
  const errors = create.error ? fieldErrors(create.error) : {};
  const wallets = (methods.data?.methods ?? []).filter((m) => m.kind !== "cash");

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const percent = Number(String(form.get("percentOff") ?? "").trim() || "0");
    const share = Number(String(form.get("providerShare") ?? "").trim() || "0");
    const limit = String(form.get("perCustomerLimit") ?? "").trim();
    create.mutate(
      {
        name: String(form.get("name") ?? ""),
        currency,
        anyWallet,
        methodIds: anyWallet ? [] : form.getAll("methodIds").map(String),
        storeIds: form.getAll("storeIds").map(String),
        startsOn: String(form.get("startsOn") ?? ""),
        endsOn: String(form.get("endsOn") ?? ""),
        hourFrom: Number(form.get("hourFrom") ?? 0),
        hourTo: Number(form.get("hourTo") ?? 24),
        minOrderMinor: minorOf(form.get("minOrder"), currency) ?? 0n,
        benefit,
        amountOffMinor: minorOf(form.get("amountOff"), currency),
        percentOffBps: benefit === "percent_off" ? Math.round(percent * 100) : null,
        capMinor: minorOf(form.get("cap"), currency),
        itemName: String(form.get("itemName") ?? "").trim() || null,
        itemPriceMinor: minorOf(form.get("itemPrice"), currency),
        providerShareBps: Math.round(share * 100),
        budgetMinor: minorOf(form.get("budget"), currency) ?? 0n,
        perCustomerLimit: limit ? Number(limit) : null,
        stackable: form.get("stackable") === "on",
      },
      { onSuccess: () => formEl.reset() },
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="grid grid-cols-1 gap-4 md:grid-cols-2" noValidate>
          <Field id="name" label={t("name")} error={errors.name}>
            <Input id="name" name="name" required {...invalidProps(errors, "name")} />
          </Field>
          <Field
            id="budget"
            label={t("budget", { currency })}
            hint={t("budgetHint")}
            error={errors.budgetMinor}
          >
            <Input
              id="budget"
              name="budget"
              inputMode="decimal"
              {...invalidProps(errors, "budgetMinor")}
            />
          </Field>
          {/* A fieldset is at least as wide as its widest line: method and store names typed
              without a space must wrap ("anywhere" shrinks that width) to fit a phone. */}
          <fieldset className="flex min-w-0 flex-col gap-2 [overflow-wrap:anywhere] md:col-span-2">
            <legend className="mb-2 text-sm font-medium">{t("methods")}</legend>
            <label className="flex items-center gap-2 text-sm">
              <Checkbox checked={anyWallet} onChange={(e) => setAnyWallet(e.target.checked)} />
              {t("anyWallet")}
            </label>
            {!anyWallet
              ? wallets.map((m) => (
                  <label key={m.id} className="flex items-center gap-2 text-sm">
                    <Checkbox name="methodIds" value={m.id} />
                    {m.label}
                  </label>
                ))
              : null}
            {errors.methodIds ? (
              <p className="text-destructive text-sm">{errors.methodIds}</p>
            ) : null}
          </fieldset>
          {stores.length > 1 ? (
            <fieldset className="flex min-w-0 flex-col gap-2 [overflow-wrap:anywhere] md:col-span-2">
              <legend className="mb-2 text-sm font-medium">{t("stores")}</legend>
              {stores.map((s) => (
                <label key={s.id} className="flex items-center gap-2 text-sm">
                  <Checkbox name="storeIds" value={s.id} />
                  {s.name}
                </label>
              ))}
              <p className="text-muted-foreground text-xs">{t("storesHint")}</p>
            </fieldset>
          ) : null}
          <Field id="startsOn" label={t("startsOn")} error={errors.startsOn}>
            <Input
              id="startsOn"
              name="startsOn"
              type="date"
              {...invalidProps(errors, "startsOn")}
            />
          </Field>
          <Field id="endsOn" label={t("endsOn")} error={errors.endsOn}>
            <Input id="endsOn" name="endsOn" type="date" {...invalidProps(errors, "endsOn")} />
          </Field>
          <Field id="hourFrom" label={t("hourFrom")} hint={t("hoursHint")} error={errors.hourFrom}>
            <Input id="hourFrom" name="hourFrom" inputMode="numeric" defaultValue="0" />
          </Field>
          <Field id="hourTo" label={t("hourTo")} error={errors.hourTo}>
            <Input id="hourTo" name="hourTo" inputMode="numeric" defaultValue="24" />
          </Field>
          <Field id="minOrder" label={t("minOrder", { currency })} error={errors.minOrderMinor}>
            <Input id="minOrder" name="minOrder" inputMode="decimal" />
          </Field>
          <Field id="benefit" label={t("benefit")} error={errors.benefit}>
            <select
              id="benefit"
              value={benefit}
              onChange={(e) => setBenefit(e.target.value as (typeof benefits)[number])}
              className="border-input h-9 rounded-md border bg-transparent px-3 text-sm"
            >
              {benefits.map((b) => (
                <option key={b} value={b}>
                  {tb(b)}
                </option>
              ))}
            </select>
          </Field>
          {benefit === "amount_off" ? (
            <Field
              id="amountOff"
              label={t("amountOff", { currency })}
              error={errors.amountOffMinor}
            >
              <Input id="amountOff" name="amountOff" inputMode="decimal" />
            </Field>
          ) : null}
          {benefit === "percent_off" ? (
            <>
              <Field id="percentOff" label={t("percentOff")} error={errors.percentOffBps}>
                <Input id="percentOff" name="percentOff" inputMode="decimal" />
              </Field>
              <Field
                id="cap"
                label={t("cap", { currency })}
                hint={t("capHint")}
                error={errors.capMinor}
              >
                <Input id="cap" name="cap" inputMode="decimal" />
              </Field>
            </>
          ) : null}
          {benefit === "item_price" ? (
            <>
              <Field
                id="itemName"
                label={t("itemName")}
                hint={t("itemNameHint")}
                error={errors.itemName}
              >
                <Input id="itemName" name="itemName" />
              </Field>
              <Field
                id="itemPrice"
                label={t("itemPrice", { currency })}
                error={errors.itemPriceMinor}
              >
                <Input id="itemPrice" name="itemPrice" inputMode="decimal" />
              </Field>
            </>
          ) : null}
          <Field
            id="providerShare"
            label={t("providerShare")}
            hint={t("providerShareHint")}
            error={errors.providerShareBps}
          >
            <Input id="providerShare" name="providerShare" inputMode="decimal" defaultValue="0" />
          </Field>
          <Field
            id="perCustomerLimit"
            label={t("perCustomerLimit")}
            hint={t("perCustomerLimitHint")}
            error={errors.perCustomerLimit}
          >
            <Input id="perCustomerLimit" name="perCustomerLimit" inputMode="numeric" />
          </Field>
          <label className="flex items-center gap-2 text-sm md:col-span-2">
            <Checkbox name="stackable" />
            {t("stackable")}
          </label>
          {create.error && Object.keys(errors).length === 0 ? (
            <p role="alert" className="text-destructive text-sm md:col-span-2">
              {errorMessage(create.error)}
            </p>
          ) : null}
          <div className="md:col-span-2">
            <Button type="submit" disabled={create.isPending}>
              {t("submit")}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
