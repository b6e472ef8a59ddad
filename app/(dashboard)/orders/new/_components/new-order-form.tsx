"use client";

import { useMutation, useQuery } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { Suspense, useEffect, useEffectEvent, useRef, useState, useTransition } from "react";
import { toast } from "@/app/_components/toast";
import { Money } from "@/app/_components/money";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Field } from "@/app/_components/ui/field";
import { ServerAlert } from "@/app/_components/ui/form";
import { Input, NativeSelect, Radio, Textarea } from "@/app/_components/ui/input";
import { useCheckedForm } from "@/app/_lib/use-checked-form";
import { useTRPC } from "@/app/_trpc/client";
import { localeNames, locales } from "@/app/_i18n/config";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useHydrated } from "@/app/_lib/use-hydrated";
import { minorToMajorString } from "@/server/money/currency";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import type { VoucherTerms } from "../../../vouchers/_components/voucher-terms-card";
import { counterShortcut } from "../_lib/counter-keys";
import { MethodChoice, type CounterMethod } from "./method-choice";
import { QuickKeys, type QuickKeyItem } from "./quick-keys";

/** An item line as typed; `key` tells React the lines apart. */
interface Line {
  key: number;
  name: string;
  quantity: string;
  unitPriceMinor: string;
}

/** The form as typed: text as the inputs hold it, read by the order schema when sent. */
interface Values {
  storeId: string;
  channel: string;
  currency: string;
  mode: string;
  items: Line[];
  amountMinor: string;
  customerContact: string;
  customerLocale: string;
  note: string;
  /** Absent until the voucher card has the merchant's defaults: the server's apply then. */
  voucher?: VoucherTerms;
}

// The voucher's terms appear once the shop's defaults are in (a call the page makes as it
// runs): their card and its sentences are fetched alongside, not carried by the page.
const { Lazy: VoucherTermsCard } = lazyWithMessages(
  ["vouchers.terms"],
  () => import("../../../vouchers/_components/voucher-terms-card"),
  (m) => m.VoucherTermsCard,
);

let lineKeys = 0;
/** One more line, as the cashier starts it. */
const blankLine = (): Line => ({ key: ++lineKeys, name: "", quantity: "1", unitPriceMinor: "" });

type FormChecks = typeof import("../_lib/order-form.schema");
let formChecks: Promise<FormChecks> | null = null;

/**
 * zod with the server's order schemas (most of this page's own script) is fetched once the
 * cashier starts on the form, not with the page: the running totals wait for it, and the
 * submit awaits it, so the checks and messages are the same.
 */
function loadFormChecks(): Promise<FormChecks> {
  return (formChecks ??= import("../_lib/order-form.schema"));
}

/** The values the order schema reads: the lines without their keys. */
function parseOrder(schema: FormChecks, values: Values) {
  const { items, ...rest } = values;
  return schema
    .orderForm(values.currency)
    .safeParse({ ...rest, items: items.map(({ key: _key, ...line }) => line) });
}

export function NewOrderForm(props: {
  stores: { id: string; name: string }[];
  defaultStoreId: string | null;
  currencies: string[];
  defaultCurrency: string;
  /** The methods offered now, with the currencies each accepts. */
  methods: (CounterMethod & { currencies: string[] })[];
}) {
  const t = useTranslations("newOrder");
  const tChannel = useTranslations("orders.channel");
  const router = useRouter();
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const formRef = useRef<HTMLFormElement>(null);
  const [methodId, setMethodId] = useState("");
  const [checks, setChecks] = useState<FormChecks | null>(null);
  const startChecks = () => {
    if (!checks) void loadFormChecks().then(setChecks);
  };
  // The form as it opens (read on the first render only).
  const opening: Values = {
    storeId: props.defaultStoreId ?? "",
    channel: "in_store",
    currency: props.defaultCurrency,
    mode: "items",
    items: [blankLine()],
    amountMinor: "",
    customerContact: "",
    customerLocale: "",
    note: "",
  };
  const form = useCheckedForm(
    opening,
    // Prices are read in the currency chosen on the form itself.
    () => loadFormChecks().then((schema) => (values: Values) => parseOrder(schema, values)),
    // Not on opening: the first touch of the form fetches them (startChecks), else the send.
    { loadOnOpen: false },
  );
  const { values, describe: control, errorText } = form;
  // A change is a touch too: what was typed before the page was ready reaches the form as
  // it hydrates, with no key or input event of its own (use-typed-before-hydration.ts).
  const update: typeof form.update = (field, next) => {
    startChecks();
    form.update(field, next);
  };
  // What takes the focus once the next render is drawn: the name of a line the cashier added.
  const focusNext = useRef<(() => void) | null>(null);
  useEffect(() => {
    focusNext.current?.();
    focusNext.current = null;
  });
  const { mode, currency, items: lines, amountMinor: amount, storeId } = values;

  const set = (field: Exclude<keyof Values, "items" | "voucher">) => (value: string) =>
    update(field, (v) => ({ ...v, [field]: value }));
  const setLine = (index: number, field: "name" | "quantity" | "unitPriceMinor", value: string) =>
    update(`items.${index}.${field}`, (v) => ({
      ...v,
      items: v.items.map((l, i) => (i === index ? { ...l, [field]: value } : l)),
    }));
  const methods = props.methods.filter((m) => m.currencies.includes(currency));
  const chosen = methods.find((m) => m.id === methodId);
  const requestPayment = useMutation(trpc.orders.requestPayment.mutationOptions());
  // The form stays busy until the new order's page is in: on a slow tablet a second tap on a
  // button enabled again meanwhile would make a second order.
  const [navigating, startNavigation] = useTransition();
  const create = useMutation(
    trpc.orders.create.mutationOptions({
      // With a wallet chosen here the order opens with its QR already showing; cash (the
      // amount tendered) and "later" are taken on the order's page as before.
      onSuccess: async (order) => {
        if (chosen && chosen.kind !== "cash") {
          await requestPayment
            .mutateAsync({ orderId: order.id, methodId: chosen.id })
            .catch((err: unknown) => toast.error(errorMessage(err)));
        }
        startNavigation(() => router.push(`/orders/${order.id}`));
      },
      onError: form.serverError,
    }),
  );
  const quickKeys = useQuery({
    ...trpc.catalogue.quickKeys.queryOptions({ storeId }),
    enabled: !!storeId,
  });
  // Only items priced in the order's currency can join it.
  const quickItems = (quickKeys.data ?? []).filter((i) => i.currency === currency);

  /** A quick key adds one of its item: a new line, or one more on the line it already has. */
  function addQuickItem(item: QuickKeyItem) {
    const price = minorToMajorString(item.priceMinor, item.currency);
    const picked = { key: ++lineKeys, name: item.name, quantity: "1", unitPriceMinor: price };
    update("items", (v) => {
      const current = v.items;
      const at = current.findIndex((l) => l.name === item.name && l.unitPriceMinor === price);
      const line = current[at];
      const items = line
        ? current.map((l, i) => (i === at ? { ...l, quantity: String(Number(l.quantity) + 1) } : l))
        : current.length === 1 && current[0]?.name === "" && current[0].unitPriceMinor === ""
          ? [picked]
          : [...current, picked];
      return { ...v, mode: "items", items };
    });
  }

  const busy = create.isPending || requestPayment.isPending || navigating;
  // The keyboard's submit shortcut reaches here with the button disabled.
  const send = form.handleSubmit((order) => {
    if (!busy) create.mutate(order);
  });

  const submit = () => formRef.current?.requestSubmit();
  // The latest methods and quick keys, read by the one document listener below.
  const onShortcut = useEffectEvent((e: KeyboardEvent) => {
    // A dialog over the form (the voucher terms' help, a confirmation) keeps its keys.
    if (document.querySelector("[role=dialog],[role=alertdialog]")) return;
    const shortcut = counterShortcut(e);
    if (!shortcut) return;
    startChecks();
    if ("method" in shortcut) {
      const method = methods[shortcut.method];
      if (!method) return;
      e.preventDefault();
      setMethodId(method.id);
      document
        .querySelector<HTMLInputElement>(`input[name=counter-method][value="${method.id}"]`)
        ?.focus();
    } else {
      const item = quickItems[shortcut.quickKey];
      if (!item) return;
      e.preventDefault();
      addQuickItem(item);
    }
  });
  useEffect(() => {
    document.addEventListener("keydown", onShortcut);
    return () => document.removeEventListener("keydown", onShortcut);
  }, []);

  const lineTotal = (line: { quantity?: unknown; unitPriceMinor?: unknown }) =>
    checks ? checks.lineTotal(line, currency) : null;
  const total =
    mode === "amount"
      ? (checks?.typedAmount(amount, currency) ?? 0n)
      : lines.reduce((sum, line) => sum + (lineTotal(line) ?? 0n), 0n);

  if (props.stores.length === 0) {
    return (
      <Card role="alert" className="p-5 text-sm">
        {t("noStores")}
      </Card>
    );
  }

  return (
    <form
      ref={formRef}
      onSubmit={(e) => void send(e)}
      noValidate
      // The first touch of the form (a key, a tap, a change, a shortcut) fetches its checks;
      // not the mode switch's autofocus, or every visit would fetch them on opening.
      onKeyDownCapture={startChecks}
      onPointerDownCapture={startChecks}
      // Counter tablets: every field and button at least 44 px high, a fingertip's size.
      className="flex flex-col gap-6 [&_button]:min-h-11 [&_button]:min-w-11 [&_input:not([type=radio],[type=checkbox])]:h-11 [&_select]:h-11"
    >
      {/* Two columns when the card has the room, not the window: on an upright tablet the
          sidebar leaves the page about 500 px, too narrow for a store's name in half of it. */}
      <Card className="@container">
        <CardHeader>
          <CardTitle>{t("where")}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-5 @xl:grid-cols-2">
          <Field id="storeId" label={t("store")} error={errorText("storeId")}>
            <NativeSelect
              {...control("storeId")}
              value={storeId}
              onChange={(e) => set("storeId")(e.target.value)}
            >
              {props.stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field id="currency" label={t("currency")} error={errorText("currency")}>
            <NativeSelect
              {...control("currency")}
              value={currency}
              onChange={(e) => set("currency")(e.target.value)}
            >
              {props.currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <fieldset className="flex flex-col gap-2 @xl:col-span-2">
            <legend className="mb-2 text-sm leading-none font-medium">{t("channel")}</legend>
            <Segmented
              name="channel"
              value={values.channel}
              onChange={set("channel")}
              options={[
                { value: "in_store", label: tChannel("in_store") },
                { value: "online", label: tChannel("online") },
              ]}
            />
          </fieldset>
        </CardContent>
      </Card>

      {/* The items' row takes its wide layout when the card has the room: on an upright tablet
          the item's name had about 60 px beside the fixed columns. */}
      <Card className="@container">
        <CardHeader>
          <CardTitle>{t("what")}</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-5">
          <fieldset className="flex flex-col gap-2">
            <legend className="sr-only">{t("mode")}</legend>
            {/* The form opens here: arrows pick the mode, letters add quick keys, Tab goes on. */}
            <Segmented
              autoFocus
              name="mode"
              value={mode}
              onChange={set("mode")}
              options={[
                { value: "items", label: t("modeItems") },
                { value: "amount", label: t("modeAmount") },
              ]}
            />
          </fieldset>

          {quickItems.length > 0 ? <QuickKeys items={quickItems} onPick={addQuickItem} /> : null}

          {mode === "items" ? (
            <div className="flex flex-col gap-3">
              <div
                aria-hidden
                className="text-muted-foreground hidden grid-cols-[1fr_5rem_8rem_7rem_2.5rem] gap-2 text-xs font-medium @xl:grid"
              >
                <span>{t("itemName")}</span>
                <span>{t("quantity")}</span>
                <span>{t("unitPrice")}</span>
                <span className="text-right">{t("lineTotal")}</span>
                <span />
              </div>
              <ol className="flex flex-col gap-3">
                {lines.map((line, index) => {
                  const n = index + 1;
                  const sum = lineTotal(line);
                  const name = (field: string) => `items.${index}.${field}`;
                  const cell = (field: string) => ({
                    id: name(field),
                    error: errorText(name(field)),
                    variant: "tight" as const,
                    labelSize: "xs" as const,
                    labelClassName: "@xl:sr-only",
                  });
                  return (
                    <li key={line.key}>
                      <fieldset className="grid grid-cols-[5rem_1fr_2.5rem] gap-2 rounded-lg border p-3 @xl:grid-cols-[1fr_5rem_8rem_7rem_2.5rem] @xl:items-start @xl:border-0 @xl:p-0">
                        <legend className="sr-only">{t("itemN", { n })}</legend>
                        <Field
                          label={t("itemName")}
                          {...cell("name")}
                          className="col-span-3 @xl:col-span-1"
                        >
                          <Input
                            {...control(name("name"))}
                            value={line.name}
                            onChange={(e) => setLine(index, "name", e.target.value)}
                            maxLength={100}
                            autoComplete="off"
                          />
                        </Field>
                        <Field label={t("quantity")} {...cell("quantity")}>
                          <Input
                            {...control(name("quantity"))}
                            value={line.quantity}
                            onChange={(e) => setLine(index, "quantity", e.target.value)}
                            type="number"
                            inputMode="numeric"
                            min={1}
                            max={999}
                            step={1}
                          />
                        </Field>
                        <Field label={t("unitPrice")} {...cell("unitPriceMinor")}>
                          <Input
                            {...control(name("unitPriceMinor"))}
                            value={line.unitPriceMinor}
                            onChange={(e) => setLine(index, "unitPriceMinor", e.target.value)}
                            inputMode="decimal"
                            autoComplete="off"
                            placeholder="0.00"
                          />
                        </Field>
                        <div className="col-span-2 flex items-center justify-between text-sm @xl:col-span-1 @xl:h-10 @xl:justify-end">
                          <span className="text-muted-foreground text-xs @xl:sr-only">
                            {t("lineTotal")}
                          </span>
                          {sum !== null ? (
                            <Money minor={sum} currency={currency} />
                          ) : (
                            <span className="text-muted-foreground">—</span>
                          )}
                        </div>
                        <Button
                          type="button"
                          variant="ghost"
                          size="icon"
                          className="col-start-3 row-start-2 self-end @xl:col-start-auto @xl:row-start-auto @xl:self-start"
                          aria-label={t("removeItem", { n })}
                          disabled={lines.length === 1}
                          onClick={() =>
                            update("items", (v) => ({
                              ...v,
                              items: v.items.filter((_, i) => i !== index),
                            }))
                          }
                        >
                          <Trash2Icon />
                        </Button>
                      </fieldset>
                    </li>
                  );
                })}
              </ol>
              {/* The lines as a whole: more than an order holds, or a sum beyond any amount. */}
              {form.ownErrorText("items") ? (
                <p id="items-error" role="alert" className="text-destructive text-sm">
                  {form.ownErrorText("items")}
                </p>
              ) : null}
              <div>
                {/* The new line's name takes the focus, so the cashier keeps typing. */}
                <Button
                  type="button"
                  variant="outline"
                  onClick={() => {
                    const at = lines.length;
                    update("items", (v) => ({ ...v, items: [...v.items, blankLine()] }));
                    focusNext.current = () => document.getElementById(`items.${at}.name`)?.focus();
                  }}
                >
                  <PlusIcon />
                  {t("addItem")}
                </Button>
              </div>
            </div>
          ) : (
            <Field
              id="amountMinor"
              label={t("amount", { currency })}
              error={errorText("amountMinor")}
            >
              <Input
                {...control("amountMinor")}
                value={amount}
                onChange={(e) => set("amountMinor")(e.target.value)}
                inputMode="decimal"
                autoComplete="off"
                placeholder="0.00"
                variant="bare"
                className="h-12 w-full text-lg md:text-lg"
              />
            </Field>
          )}

          <div
            className="bg-muted/60 flex items-baseline justify-between rounded-lg px-4 py-3"
            aria-live="polite"
          >
            <span className="text-sm font-medium">{t("total")}</span>
            <Money minor={total} currency={currency} className="text-2xl font-semibold" />
          </div>

          {methods.length > 0 ? (
            <MethodChoice
              methods={methods}
              value={chosen?.id ?? ""}
              onChange={setMethodId}
              onEnter={submit}
            />
          ) : null}
        </CardContent>
      </Card>

      {/* Loaded in the browser only (lazyWithMessages), as its defaults are; nothing shows
          until both are in, as before. */}
      {hydrated ? (
        <Suspense fallback={null}>
          <VoucherTermsCard
            value={values.voucher}
            // Not `update`: the card fills itself in from the shop's rules once they arrive, which
            // is no touch (it would fetch the checks on every visit). Its fields mount after
            // hydration, so a cashier's changes to them come with the form's key and pointer events.
            onChange={(field, voucher) =>
              form.update(`voucher.${field}`, (v) => ({ ...v, voucher }))
            }
            control={control}
            errorText={errorText}
          />
        </Suspense>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>{t("extra")}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-5">
          <Field
            id="customerContact"
            label={t("customerContact")}
            hint={t("customerContactHint")}
            error={errorText("customerContact")}
          >
            <Input
              {...control("customerContact", t("customerContactHint"))}
              value={values.customerContact}
              onChange={(e) => set("customerContact")(e.target.value)}
              maxLength={200}
              autoComplete="off"
            />
          </Field>
          <Field
            id="customerLocale"
            label={t("customerLocale")}
            hint={t("customerLocaleHint")}
            error={errorText("customerLocale")}
          >
            <NativeSelect
              {...control("customerLocale", t("customerLocaleHint"))}
              value={values.customerLocale}
              onChange={(e) => set("customerLocale")(e.target.value)}
            >
              <option value="">{t("customerLocaleUnknown")}</option>
              {locales.map((l) => (
                <option key={l} value={l} lang={l}>
                  {localeNames[l]}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field id="note" label={t("note")} error={errorText("note")}>
            <Textarea
              {...control("note")}
              value={values.note}
              onChange={(e) => set("note")(e.target.value)}
              rows={3}
              maxLength={500}
              className="min-h-20"
            />
          </Field>
        </CardContent>
      </Card>

      <ServerAlert message={form.serverMessage} />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button type="button" variant="outline" onClick={() => router.back()}>
          {t("cancel")}
        </Button>
        <Button type="submit" size="lg" disabled={!hydrated || busy}>
          {busy ? <LoaderCircleIcon className="animate-spin" /> : null}
          {t("submit")}
        </Button>
      </div>
    </form>
  );
}

/** Radio buttons drawn as a segmented control: arrow keys move between them, as radios do. */
function Segmented({
  name,
  value,
  onChange,
  options,
  autoFocus = false,
}: {
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  /** Focus the first option (the default one) when the form opens. */
  autoFocus?: boolean;
}) {
  return (
    <div className="bg-muted inline-flex w-full rounded-lg p-1 sm:w-auto sm:self-start">
      {options.map((o) => (
        <label
          key={o.value}
          className="has-[:focus-visible]:ring-ring/50 text-muted-foreground has-[:checked]:bg-card has-[:checked]:text-foreground flex h-11 flex-1 cursor-pointer items-center justify-center rounded-md px-4 text-sm font-medium select-none has-[:checked]:shadow-xs has-[:focus-visible]:ring-[3px] sm:flex-none"
        >
          <Radio
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
            className="sr-only"
            autoFocus={autoFocus && o === options[0]}
          />
          {o.label}
        </label>
      ))}
    </div>
  );
}
