"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { LoaderCircleIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useFieldArray, useForm, useWatch, type UseFormRegisterReturn } from "react-hook-form";
import { Money } from "@/app/_components/money";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { FormAlert, FormField, useServerError } from "@/app/_components/ui/form";
import { fieldClass, Input, NativeSelect } from "@/app/_components/ui/input";
import { cn } from "@/app/_lib/cn";
import { useTRPC } from "@/app/_trpc/client";
import type { CreateOrderInput } from "@/server/payments/order.schema";
import { VoucherTermsCard } from "../../../vouchers/_components/voucher-terms-card";
import {
  blankItem,
  lineTotal,
  orderForm,
  typedAmount,
  type OrderFormValues,
} from "../_lib/order-form.schema";

export function NewOrderForm(props: {
  stores: { id: string; name: string }[];
  defaultStoreId: string | null;
  currencies: string[];
  defaultCurrency: string;
}) {
  const t = useTranslations("orders");
  const router = useRouter();
  const trpc = useTRPC();
  const form = useForm<OrderFormValues, unknown, CreateOrderInput>({
    // Prices are read in the currency chosen on the form itself.
    resolver: (values, context, options) =>
      zodResolver(orderForm(values.currency))(values, context, options),
    defaultValues: {
      storeId: props.defaultStoreId ?? "",
      channel: "in_store",
      currency: props.defaultCurrency,
      mode: "items",
      items: [blankItem],
    },
  });
  const items = useFieldArray({ control: form.control, name: "items" });
  const [mode, currency, lines, amount] = useWatch({
    control: form.control,
    name: ["mode", "currency", "items", "amountMinor"],
  });
  const serverError = useServerError(form);
  const create = useMutation(
    trpc.orders.create.mutationOptions({
      onSuccess: (order) => router.push(`/orders/${order.id}`),
      onError: serverError,
    }),
  );

  const total =
    mode === "amount"
      ? (typedAmount(amount, currency) ?? 0n)
      : (lines ?? []).reduce((sum, line) => sum + (lineTotal(line, currency) ?? 0n), 0n);

  if (props.stores.length === 0) {
    return (
      <Card role="alert" className="p-5 text-sm">
        {t("new.noStores")}
      </Card>
    );
  }

  return (
    <form
      onSubmit={(e) => void form.handleSubmit((input) => create.mutate(input))(e)}
      noValidate
      className="flex flex-col gap-6"
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
            <Segmented
              control={form.register("mode")}
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
                {items.fields.map((row, index) => {
                  const n = index + 1;
                  const line = lines?.[index];
                  const sum = line ? lineTotal(line, currency) : null;
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
        <Button type="submit" size="lg" disabled={create.isPending}>
          {create.isPending ? <LoaderCircleIcon className="animate-spin" /> : null}
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
}: {
  control: UseFormRegisterReturn;
  options: { value: string; label: string }[];
}) {
  return (
    <div className="bg-muted inline-flex w-full rounded-lg p-1 sm:w-auto sm:self-start">
      {options.map((o) => (
        <label
          key={o.value}
          className="has-[:focus-visible]:ring-ring/50 text-muted-foreground has-[:checked]:bg-card has-[:checked]:text-foreground flex h-9 flex-1 cursor-pointer items-center justify-center rounded-md px-4 text-sm font-medium select-none has-[:checked]:shadow-xs has-[:focus-visible]:ring-[3px] sm:flex-none"
        >
          <input type="radio" value={o.value} className="sr-only" {...control} />
          {o.label}
        </label>
      ))}
    </div>
  );
}
