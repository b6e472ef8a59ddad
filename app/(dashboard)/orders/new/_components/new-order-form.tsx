"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { LoaderCircleIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { toast } from "@/app/_components/toast";
import { useFieldArray, useForm, useWatch, type UseFormRegisterReturn } from "react-hook-form";
import { Money } from "@/app/_components/money";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { FormAlert, FormField, useServerError } from "@/app/_components/ui/form";
import { fieldClass, Input, NativeSelect } from "@/app/_components/ui/input";
import { cn } from "@/app/_lib/cn";
import { useTRPC } from "@/app/_trpc/client";
import { localeNames, locales } from "@/app/_i18n/config";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { minorToMajorString } from "@/server/money/currency";
import type { CreateOrderInput } from "@/server/payments/order.schema";
import { VoucherTermsCard } from "../../../vouchers/_components/voucher-terms-card";
import type { OrderFormValues } from "../_lib/order-form.schema";
import { counterShortcut } from "../_lib/counter-keys";
import { MethodChoice, type CounterMethod } from "./method-choice";
import { QuickKeys, type QuickKeyItem } from "./quick-keys";

/** One more line, as the cashier starts it. */
const blankItem = { name: "", quantity: "1", unitPriceMinor: "" };

interface FormChecks {
  schema: typeof import("../_lib/order-form.schema");
  zod: typeof import("@hookform/resolvers/zod");
}
let formChecks: Promise<FormChecks> | null = null;

/**
 * zod with the server's order schemas and the resolver (30 KB gzip, most of this page's own
 * script) are fetched once the cashier starts on the form, not with the page: the running
 * totals wait for them, and the submit awaits them, so the checks and messages are the same.
 */
function loadFormChecks(): Promise<FormChecks> {
  return (formChecks ??= Promise.all([
    import("../_lib/order-form.schema"),
    import("@hookform/resolvers/zod"),
  ]).then(([schema, zod]) => ({ schema, zod })));
}

export function NewOrderForm(props: {
  stores: { id: string; name: string }[];
  defaultStoreId: string | null;
  currencies: string[];
  defaultCurrency: string;
  /** The methods offered now, with the currencies each accepts. */
  methods: (CounterMethod & { currencies: string[] })[];
}) {
  const t = useTranslations("orders");
  const router = useRouter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const formRef = useRef<HTMLFormElement>(null);
  const [methodId, setMethodId] = useState("");
  const [checks, setChecks] = useState<FormChecks | null>(null);
  const startChecks = () => void loadFormChecks().then(setChecks);
  const form = useForm<OrderFormValues, unknown, CreateOrderInput>({
    // Prices are read in the currency chosen on the form itself.
    resolver: async (values, context, options) => {
      const { schema, zod } = await loadFormChecks();
      return zod.zodResolver(schema.orderForm(values.currency))(values, context, options);
    },
    defaultValues: {
      storeId: props.defaultStoreId ?? "",
      channel: "in_store",
      currency: props.defaultCurrency,
      mode: "items",
      items: [blankItem],
    },
  });
  const items = useFieldArray({ control: form.control, name: "items" });
  const [mode, currency, lines, amount, storeId] = useWatch({
    control: form.control,
    name: ["mode", "currency", "items", "amountMinor", "storeId"],
  });
  const serverError = useServerError(form);
  const methods = props.methods.filter((m) => m.currencies.includes(currency));
  const chosen = methods.find((m) => m.id === methodId);
  const requestPayment = useMutation(trpc.orders.requestPayment.mutationOptions());
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
        router.push(`/orders/${order.id}`);
      },
      onError: serverError,
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
    form.setValue("mode", "items");
    const price = minorToMajorString(item.priceMinor, item.currency);
    const current = form.getValues("items") ?? [];
    const at = current.findIndex((l) => l.name === item.name && l.unitPriceMinor === price);
    const line = current[at];
    if (line) {
      form.setValue(`items.${at}.quantity`, String(Number(line.quantity) + 1));
    } else if (
      current.length === 1 &&
      current[0]?.name === "" &&
      current[0].unitPriceMinor === ""
    ) {
      items.update(0, { name: item.name, quantity: "1", unitPriceMinor: price });
    } else {
      items.append(
        { name: item.name, quantity: "1", unitPriceMinor: price },
        { shouldFocus: false },
      );
    }
  }

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
    checks ? checks.schema.lineTotal(line, currency) : null;
  const total =
    mode === "amount"
      ? (checks?.schema.typedAmount(amount, currency) ?? 0n)
      : (lines ?? []).reduce((sum, line) => sum + (lineTotal(line) ?? 0n), 0n);

  if (props.stores.length === 0) {
    return (
      <Card role="alert" className="p-5 text-sm">
        {t("new.noStores")}
      </Card>
    );
  }

  return (
    <form
      ref={formRef}
      onSubmit={(e) => void form.handleSubmit((input) => create.mutate(input))(e)}
      noValidate
      // The first touch of the form (a key, a tap, an input, a shortcut) fetches its checks;
      // not the mode switch's autofocus, or every visit would fetch them on opening.
      onKeyDownCapture={startChecks}
      onPointerDownCapture={startChecks}
      onInputCapture={startChecks}
      // Counter tablets: every field and button at least 44 px high, a fingertip's size.
      className="flex flex-col gap-6 [&_button]:min-h-11 [&_button]:min-w-11 [&_input:not([type=radio],[type=checkbox])]:h-11 [&_select]:h-11"
    >
      <Card>
        <CardHeader>
          <CardTitle>{t("new.where")}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <FormField form={form} name="storeId" label={t("new.store")}>
            {(control) => (
              <NativeSelect {...control}>
                {props.stores.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
          <FormField form={form} name="currency" label={t("new.currency")}>
            {(control) => (
              <NativeSelect {...control}>
                {props.currencies.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
          <fieldset className="flex flex-col gap-2 sm:col-span-2">
            <legend className="mb-2 text-sm leading-none font-medium">{t("new.channel")}</legend>
            <Segmented
              control={form.register("channel")}
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
            {/* The form opens here: arrows pick the mode, letters add quick keys, Tab goes on. */}
            <Segmented
              autoFocus
              control={form.register("mode")}
              options={[
                { value: "items", label: t("new.modeItems") },
                { value: "amount", label: t("new.modeAmount") },
              ]}
            />
          </fieldset>

          {quickItems.length > 0 ? <QuickKeys items={quickItems} onPick={addQuickItem} /> : null}

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
                {items.fields.map((row, index) => {
                  const n = index + 1;
                  const line = lines?.[index];
                  const sum = line ? lineTotal(line) : null;
                  const cell = { className: "gap-1", labelClassName: "text-xs sm:sr-only" };
                  return (
                    <li key={row.id}>
                      <fieldset className="grid grid-cols-[5rem_1fr_2.5rem] gap-2 rounded-lg border p-3 sm:grid-cols-[1fr_5rem_8rem_7rem_2.5rem] sm:items-start sm:border-0 sm:p-0">
                        <legend className="sr-only">{t("new.itemN", { n })}</legend>
                        <FormField
                          form={form}
                          name={`items.${index}.name`}
                          label={t("new.itemName")}
                          {...cell}
                          className="col-span-3 gap-1 sm:col-span-1"
                        >
                          {(control) => <Input {...control} maxLength={100} autoComplete="off" />}
                        </FormField>
                        <FormField
                          form={form}
                          name={`items.${index}.quantity`}
                          label={t("new.quantity")}
                          {...cell}
                        >
                          {(control) => (
                            <Input
                              {...control}
                              type="number"
                              inputMode="numeric"
                              min={1}
                              max={999}
                              step={1}
                            />
                          )}
                        </FormField>
                        <FormField
                          form={form}
                          name={`items.${index}.unitPriceMinor`}
                          label={t("new.unitPrice")}
                          {...cell}
                        >
                          {(control) => (
                            <Input
                              {...control}
                              inputMode="decimal"
                              autoComplete="off"
                              placeholder="0.00"
                            />
                          )}
                        </FormField>
                        <div className="col-span-2 flex items-center justify-between text-sm sm:col-span-1 sm:h-10 sm:justify-end">
                          <span className="text-muted-foreground text-xs sm:sr-only">
                            {t("new.lineTotal")}
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
                          className="col-start-3 row-start-2 self-end sm:col-start-auto sm:row-start-auto sm:self-start"
                          aria-label={t("new.removeItem", { n })}
                          disabled={items.fields.length === 1}
                          onClick={() => items.remove(index)}
                        >
                          <Trash2Icon />
                        </Button>
                      </fieldset>
                    </li>
                  );
                })}
              </ol>
              <div>
                {/* The new line's name takes the focus, so the cashier keeps typing. */}
                <Button type="button" variant="outline" onClick={() => items.append(blankItem)}>
                  <PlusIcon />
                  {t("new.addItem")}
                </Button>
              </div>
            </div>
          ) : (
            <FormField form={form} name="amountMinor" label={t("new.amount", { currency })}>
              {(control) => (
                <Input
                  {...control}
                  inputMode="decimal"
                  autoComplete="off"
                  placeholder="0.00"
                  className="h-12 text-lg md:text-lg"
                />
              )}
            </FormField>
          )}

          <div
            className="bg-muted/60 flex items-baseline justify-between rounded-lg px-4 py-3"
            aria-live="polite"
          >
            <span className="text-sm font-medium">{t("new.total")}</span>
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

      <VoucherTermsCard form={form} />

      <Card>
        <CardHeader>
          <CardTitle>{t("new.extra")}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-5">
          <FormField
            form={form}
            name="customerContact"
            label={t("new.customerContact")}
            hint={t("new.customerContactHint")}
          >
            {(control) => <Input {...control} maxLength={200} autoComplete="off" />}
          </FormField>
          <FormField
            form={form}
            name="customerLocale"
            label={t("new.customerLocale")}
            hint={t("new.customerLocaleHint")}
          >
            {(control) => (
              <NativeSelect {...control}>
                <option value="">{t("new.customerLocaleUnknown")}</option>
                {locales.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {localeNames[l]}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
          <FormField form={form} name="note" label={t("new.note")}>
            {(control) => (
              <textarea
                {...control}
                rows={3}
                maxLength={500}
                className={cn(fieldClass, "h-auto min-h-20")}
              />
            )}
          </FormField>
        </CardContent>
      </Card>

      <FormAlert form={form} />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button type="button" variant="outline" onClick={() => router.back()}>
          {t("new.cancel")}
        </Button>
        <Button type="submit" size="lg" disabled={create.isPending || requestPayment.isPending}>
          {create.isPending || requestPayment.isPending ? (
            <LoaderCircleIcon className="animate-spin" />
          ) : null}
          {t("new.submit")}
        </Button>
      </div>
    </form>
  );
}

/** Radio buttons drawn as a segmented control: arrow keys move between them, as radios do. */
function Segmented({
  control,
  options,
  autoFocus = false,
}: {
  control: UseFormRegisterReturn;
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
          <input
            type="radio"
            value={o.value}
            className="sr-only"
            autoFocus={autoFocus && o === options[0]}
            {...control}
          />
          {o.label}
        </label>
      ))}
    </div>
  );
}
