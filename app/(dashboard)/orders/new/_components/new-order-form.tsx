"use client";

import { useMutation } from "@tanstack/react-query";
import { LoaderCircleIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useRef, useState, type FormEvent } from "react";
import { Money } from "@/app/_components/money";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { fieldClass, Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { parseMajorToMinor } from "@/server/money/currency";
import {
  readVoucherTerms,
  VoucherTermsCard,
} from "../../../vouchers/_components/voucher-terms-card";

interface ItemDraft {
  key: number;
  name: string;
  quantity: string;
  price: string;
}

type Mode = "items" | "amount";
type Channel = "in_store" | "online";

/** The typed amount in minor units, or null when it cannot be read (or is not above zero). */
function toMinor(text: string, currency: string): bigint | null {
  if (!text.trim()) return null;
  try {
    const minor = parseMajorToMinor(text, currency);
    return minor > 0n ? minor : null;
  } catch {
    return null;
  }
}

function toQuantity(text: string): number | null {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 999 ? n : null;
}

export function NewOrderForm(props: {
  stores: { id: string; name: string }[];
  defaultStoreId: string | null;
  currencies: string[];
  defaultCurrency: string;
}) {
  const t = useTranslations("orders");
  const tErr = useTranslations("errors");
  const router = useRouter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const fieldErrorsOf = useFieldErrors();
  const id = useId();
  const nextKey = useRef(1);

  const [storeId, setStoreId] = useState(props.defaultStoreId ?? "");
  const [channel, setChannel] = useState<Channel>("in_store");
  const [currency, setCurrency] = useState(props.defaultCurrency);
  const [mode, setMode] = useState<Mode>("items");
  const [items, setItems] = useState<ItemDraft[]>([{ key: 0, name: "", quantity: "1", price: "" }]);
  const [amount, setAmount] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation(
    trpc.orders.create.mutationOptions({
      onSuccess: (order) => router.push(`/orders/${order.id}`),
      onError: (err) => {
        setErrors(fieldErrorsOf(err));
        setFormError(errorMessage(err));
      },
    }),
  );

  const total =
    mode === "amount"
      ? (toMinor(amount, currency) ?? 0n)
      : items.reduce((sum, i) => {
          const price = toMinor(i.price, currency);
          const qty = toQuantity(i.quantity);
          return price !== null && qty !== null ? sum + price * BigInt(qty) : sum;
        }, 0n);

  function updateItem(key: number, patch: Partial<ItemDraft>) {
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  }

  function addItem() {
    const key = nextKey.current++;
    setItems((all) => [...all, { key, name: "", quantity: "1", price: "" }]);
    // Focus the new row's name once it is rendered, so the cashier keeps typing.
    requestAnimationFrame(() => document.getElementById(`${id}-item-${key}-name`)?.focus());
  }

  function removeItem(key: number) {
    setItems((all) => all.filter((i) => i.key !== key));
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    const found: Record<string, string> = {};
    if (!storeId) found.storeId = tErr("required");

    let payload:
      | { items: { name: string; quantity: number; unitPriceMinor: bigint }[] }
      | {
          amountMinor: bigint;
        };
    if (mode === "items") {
      const lines = items.map((item) => {
        const price = toMinor(item.price, currency);
        const quantity = toQuantity(item.quantity);
        if (!item.name.trim()) found[`item-${item.key}-name`] = tErr("required");
        if (quantity === null) found[`item-${item.key}-quantity`] = tErr("quantityRange");
        if (price === null)
          found[`item-${item.key}-price`] = item.price.trim()
            ? tErr("invalidAmount")
            : tErr("required");
        return { name: item.name.trim(), quantity: quantity ?? 1, unitPriceMinor: price ?? 0n };
      });
      if (lines.length === 0) found.items = t("new.noItems");
      payload = { items: lines };
    } else {
      const minor = toMinor(amount, currency);
      if (minor === null)
        found.amountMinor = amount.trim() ? tErr("invalidAmount") : tErr("required");
      payload = { amountMinor: minor ?? 0n };
    }
    const voucher = readVoucherTerms(form);
    Object.assign(found, voucher.errors);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      // Take the cashier to the first field that needs attention, once it is marked.
      requestAnimationFrame(() =>
        formEl.querySelector<HTMLElement>("[aria-invalid=true]")?.focus(),
      );
      return;
    }
    create.mutate({
      storeId,
      channel,
      currency,
      ...payload,
      customerContact: text("customerContact"),
      note: text("note"),
      voucher: voucher.terms,
    });
  }

  const invalid = (name: string) => invalidProps(errors, name);
  const fid = (name: string) => `${id}-${name}`;

  if (props.stores.length === 0) {
    return (
      <Card role="alert" className="p-5 text-sm">
        {t("new.noStores")}
      </Card>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6">
      <Card>
        <CardHeader>
          <CardTitle>{t("new.where")}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <Field id="storeId" label={t("new.store")} error={errors.storeId}>
            <NativeSelect
              id="storeId"
              value={storeId}
              onChange={(e) => setStoreId(e.target.value)}
              {...invalid("storeId")}
            >
              {props.stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field id="currency" label={t("new.currency")} error={errors.currency}>
            <NativeSelect
              id="currency"
              value={currency}
              onChange={(e) => setCurrency(e.target.value)}
              {...invalid("currency")}
            >
              {props.currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <fieldset className="flex flex-col gap-2 sm:col-span-2">
            <legend className="mb-2 text-sm leading-none font-medium">{t("new.channel")}</legend>
            <Segmented
              name="channel"
              value={channel}
              onChange={(v) => setChannel(v as Channel)}
              options={[
                { value: "in_store", label: t("channel.in_store") },
                { value: "online", label: t("channel.online") },
              ]}
            />
          </fieldset>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>{t("new.what")}</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-5">
          <fieldset className="flex flex-col gap-2">
            <legend className="sr-only">{t("new.mode")}</legend>
            <Segmented
              name="mode"
              value={mode}
              onChange={(v) => setMode(v as Mode)}
              options={[
                { value: "items", label: t("new.modeItems") },
                { value: "amount", label: t("new.modeAmount") },
              ]}
            />
          </fieldset>

          {mode === "items" ? (
            <div className="flex flex-col gap-3">
              <div
                aria-hidden
                className="text-muted-foreground hidden grid-cols-[1fr_5rem_8rem_7rem_2.5rem] gap-2 text-xs font-medium sm:grid"
              >
                <span>{t("new.itemName")}</span>
                <span>{t("new.quantity")}</span>
                <span>{t("new.unitPrice")}</span>
                <span className="text-right">{t("new.lineTotal")}</span>
                <span />
              </div>
              <ol className="flex flex-col gap-3">
                {items.map((item, index) => {
                  const price = toMinor(item.price, currency);
                  const qty = toQuantity(item.quantity);
                  const n = index + 1;
                  const nameId = fid(`item-${item.key}-name`);
                  const qtyId = fid(`item-${item.key}-quantity`);
                  const priceId = fid(`item-${item.key}-price`);
                  const err = (f: string) => errors[`item-${item.key}-${f}`];
                  return (
                    <li key={item.key}>
                      <fieldset className="grid grid-cols-[5rem_1fr_2.5rem] gap-2 rounded-lg border p-3 sm:grid-cols-[1fr_5rem_8rem_7rem_2.5rem] sm:items-start sm:border-0 sm:p-0">
                        <legend className="sr-only">{t("new.itemN", { n })}</legend>
                        <div className="col-span-3 flex flex-col gap-1 sm:col-span-1">
                          <Label htmlFor={nameId} className="text-xs sm:sr-only">
                            {t("new.itemName")}
                          </Label>
                          <Input
                            id={nameId}
                            value={item.name}
                            maxLength={100}
                            autoComplete="off"
                            onChange={(e) => updateItem(item.key, { name: e.target.value })}
                            aria-invalid={err("name") ? true : undefined}
                            aria-describedby={err("name") ? `${nameId}-error` : undefined}
                          />
                          <FieldError id={`${nameId}-error`} message={err("name")} />
                        </div>
                        <div className="flex flex-col gap-1">
                          <Label htmlFor={qtyId} className="text-xs sm:sr-only">
                            {t("new.quantity")}
                          </Label>
                          <Input
                            id={qtyId}
                            type="number"
                            inputMode="numeric"
                            min={1}
                            max={999}
                            step={1}
                            value={item.quantity}
                            onChange={(e) => updateItem(item.key, { quantity: e.target.value })}
                            aria-invalid={err("quantity") ? true : undefined}
                            aria-describedby={err("quantity") ? `${qtyId}-error` : undefined}
                          />
                          <FieldError id={`${qtyId}-error`} message={err("quantity")} />
                        </div>
                        <div className="flex flex-col gap-1">
                          <Label htmlFor={priceId} className="text-xs sm:sr-only">
                            {t("new.unitPrice")}
                          </Label>
                          <Input
                            id={priceId}
                            inputMode="decimal"
                            autoComplete="off"
                            placeholder="0.00"
                            value={item.price}
                            onChange={(e) => updateItem(item.key, { price: e.target.value })}
                            aria-invalid={err("price") ? true : undefined}
                            aria-describedby={err("price") ? `${priceId}-error` : undefined}
                          />
                          <FieldError id={`${priceId}-error`} message={err("price")} />
                        </div>
                        <div className="col-span-2 flex items-center justify-between text-sm sm:col-span-1 sm:h-10 sm:justify-end">
                          <span className="text-muted-foreground text-xs sm:sr-only">
                            {t("new.lineTotal")}
                          </span>
                          {price !== null && qty !== null ? (
                            <Money minor={price * BigInt(qty)} currency={currency} />
                          ) : (
                            <span className="text-muted-foreground">—</span>
                          )}
                        </div>
                        <Button
                          type="button"
                          variant="ghost"
                          size="icon"
                          className="col-start-3 row-start-2 self-end sm:col-start-auto sm:row-start-auto sm:self-start"
                          aria-label={t("new.removeItem", { n })}
                          disabled={items.length === 1}
                          onClick={() => removeItem(item.key)}
                        >
                          <Trash2Icon />
                        </Button>
                      </fieldset>
                    </li>
                  );
                })}
              </ol>
              {errors.items ? (
                <p role="alert" className="text-destructive text-sm">
                  {errors.items}
                </p>
              ) : null}
              <div>
                <Button type="button" variant="outline" onClick={addItem}>
                  <PlusIcon />
                  {t("new.addItem")}
                </Button>
              </div>
            </div>
          ) : (
            <Field
              id="amountMinor"
              label={t("new.amount", { currency })}
              error={errors.amountMinor}
            >
              <Input
                id="amountMinor"
                inputMode="decimal"
                autoComplete="off"
                placeholder="0.00"
                className="h-12 text-lg md:text-lg"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                {...invalid("amountMinor")}
              />
            </Field>
          )}
          {mode === "items" && errors.amountMinor ? (
            <p className="text-destructive text-sm">{errors.amountMinor}</p>
          ) : null}

          <div
            className="bg-muted/60 flex items-baseline justify-between rounded-lg px-4 py-3"
            aria-live="polite"
          >
            <span className="text-sm font-medium">{t("new.total")}</span>
            <Money minor={total} currency={currency} className="text-2xl font-semibold" />
          </div>
        </CardContent>
      </Card>

      <VoucherTermsCard errors={errors} />

      <Card>
        <CardHeader>
          <CardTitle>{t("new.extra")}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-5">
          <Field
            id="customerContact"
            label={t("new.customerContact")}
            hint={t("new.customerContactHint")}
            error={errors.customerContact}
          >
            <Input
              id="customerContact"
              name="customerContact"
              maxLength={200}
              autoComplete="off"
              {...invalid("customerContact")}
            />
          </Field>
          <Field id="note" label={t("new.note")} error={errors.note}>
            <textarea
              id="note"
              name="note"
              rows={3}
              maxLength={500}
              className={cn(fieldClass, "h-auto min-h-20")}
              {...invalid("note")}
            />
          </Field>
        </CardContent>
      </Card>

      {formError ? (
        <p role="alert" className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm">
          {formError}
        </p>
      ) : null}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button type="button" variant="outline" onClick={() => router.back()}>
          {t("new.cancel")}
        </Button>
        <Button type="submit" size="lg" disabled={create.isPending}>
          {create.isPending ? <LoaderCircleIcon className="animate-spin" /> : null}
          {t("new.submit")}
        </Button>
      </div>
    </form>
  );
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="text-destructive text-xs">
      {message}
    </p>
  ) : null;
}

/** Radio buttons drawn as a segmented control: arrow keys move between them, as radios do. */
function Segmented({
  name,
  value,
  onChange,
  options,
}: {
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <div className="bg-muted inline-flex w-full rounded-lg p-1 sm:w-auto sm:self-start">
      {options.map((o) => (
        <label
          key={o.value}
          className={cn(
            "has-[:focus-visible]:ring-ring/50 flex h-9 flex-1 cursor-pointer items-center justify-center rounded-md px-4 text-sm font-medium select-none has-[:focus-visible]:ring-[3px] sm:flex-none",
            value === o.value ? "bg-card shadow-xs" : "text-muted-foreground",
          )}
        >
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
            className="sr-only"
          />
          {o.label}
        </label>
      ))}
    </div>
  );
}
