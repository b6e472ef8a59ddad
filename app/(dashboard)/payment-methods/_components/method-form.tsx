"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import {
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/app/_components/ui/dialog";
import { FormField, ServerAlert } from "@/app/_components/ui/form";
import { Checkbox, Input, NativeSelect } from "@/app/_components/ui/input";
import { useCheckedForm } from "@/app/_lib/use-checked-form";
import { useTRPC } from "@/app/_trpc/client";
import { refundFeeRules } from "@/db/schema/enum-values";
import { minorToMajorString } from "@/server/money/minor-units";
import type { CreatePaymentMethodInput } from "@/server/payments/payment-method.schema";
import type { PaymentMethod } from "../../_lib/router-types";
import { methodKinds } from "../../orders/_lib/search-params";
import { bpsToPercent } from "../_lib/fee";
import type { MethodTyped } from "../_lib/method-form.schema";
import type { FeeAmountsTyped } from "../_lib/fee-amounts";
import { FeeAmountsFields } from "./fee-amounts-fields";
import { currenciesTaken } from "@/server/connectors/provider-currencies.logic";
import { isProviderKind } from "./connection-dialog";

/** The add or edit dialog's content (MethodDialog loads it at the dialog's first opening). */
export function MethodDialogContent({
  method,
  defaultCurrency,
  sandboxOffered,
  onSaved,
}: {
  method?: PaymentMethod | undefined;
  defaultCurrency: string;
  sandboxOffered: boolean;
  onSaved: () => void;
}) {
  const tForm = useTranslations("methodForm");
  const tCommon = useTranslations("common");
  return (
    <DialogContent closeLabel={tCommon("close")} size="wide">
      <DialogHeader>
        <DialogTitle>
          {method ? tForm("editTitle", { label: method.label }) : tForm("addTitle")}
        </DialogTitle>
        <DialogDescription>{tForm("hint")}</DialogDescription>
      </DialogHeader>
      {/* Mounted with the dialog, so each opening starts from the method as saved. */}
      <MethodForm
        method={method}
        defaultCurrency={defaultCurrency}
        sandboxOffered={sandboxOffered}
        onSaved={onSaved}
      />
    </DialogContent>
  );
}

function MethodForm({
  method,
  defaultCurrency,
  sandboxOffered,
  onSaved,
}: {
  method?: PaymentMethod | undefined;
  defaultCurrency: string;
  sandboxOffered: boolean;
  onSaved: () => void;
}) {
  const t = useTranslations("paymentMethods");
  const tForm = useTranslations("methodForm");
  const trpc = useTRPC();
  const form = useCheckedForm<MethodTyped, CreatePaymentMethodInput>(
    {
      // Outside the demo and practice shops a sandbox wallet could take no payment: not offered.
      kind: method?.kind ?? (sandboxOffered ? "sandbox" : "cash"),
      label: method?.label ?? "",
      enabled: method?.enabled ?? true,
      mode: method?.mode ?? "sandbox",
      currencies: (method?.currencies ?? [defaultCurrency]).join(", "),
      feeRateBps: bpsToPercent(method?.feeRateBps ?? 0),
      feeAmounts: typedAmounts(method?.feeAmounts ?? {}),
      settlementDelayDays: String(method?.settlementDelayDays ?? 1),
      requestTtlSeconds: String(Math.round((method?.requestTtlSeconds ?? 900) / 60)),
      refundWindowDays: String(method?.refundWindowDays ?? 365),
      refundFeeRule: method?.refundFeeRule ?? "proportional",
    },
    // zod and the method schema come with the dialog, not with the methods' page.
    () => import("../_lib/method-form.schema").then(({ checkMethodForm }) => checkMethodForm()),
  );
  const { kind } = form.values;
  // Alipay and WeChat Pay take yuan only: chosen in a shop of another currency, their currency
  // is filled in (and the shop's put back when another kind is chosen), unless it was edited.
  const chooseKind = (next: typeof kind) => {
    const taken = currenciesTaken(next) ?? defaultCurrency;
    const filled = currenciesTaken(kind) ?? defaultCurrency;
    form.set("kind", next);
    if (form.values.currencies === filled) form.set("currencies", taken);
  };
  const handlers = {
    onSuccess: () => {
      toast.success(method ? t("saved") : t("added"));
      onSaved();
    },
    onError: form.serverError,
  };
  const create = useMutation(trpc.paymentMethods.create.mutationOptions(handlers));
  const update = useMutation(trpc.paymentMethods.update.mutationOptions(handlers));
  const pending = create.isPending || update.isPending;
  const save = form.handleSubmit(({ kind, mode, ...rest }) => {
    // Only a provider kind shows the mode; another keeps its own (a new one: sandbox).
    const own = method?.mode ?? "sandbox";
    const fields = { ...rest, mode: isProviderKind(kind) ? mode : own };
    if (method) update.mutate({ id: method.id, ...fields });
    else create.mutate({ kind, ...fields });
  });

  return (
    <form onSubmit={(e) => void save(e)} noValidate className="grid gap-4 sm:grid-cols-2">
      {method ? null : (
        <FormField
          form={form}
          name="kind"
          label={tForm("kind")}
          hint={tForm(`kindHints.${kind}`)}
          className="sm:col-span-2"
        >
          {(control) => (
            <NativeSelect {...control} onChange={(e) => chooseKind(e.target.value as typeof kind)}>
              {methodKinds
                .filter((k) => k !== "sandbox" || sandboxOffered)
                .map((k) => (
                  <option key={k} value={k}>
                    {t(`kinds.${k}`)}
                  </option>
                ))}
            </NativeSelect>
          )}
        </FormField>
      )}
      <FormField
        form={form}
        name="label"
        label={tForm("label")}
        hint={tForm("labelHint")}
        className="sm:col-span-2"
      >
        {(control) => <Input {...control} maxLength={60} autoComplete="off" />}
      </FormField>
      <div className="flex items-center gap-2 sm:col-span-2">
        <Checkbox
          id="enabled"
          name="enabled"
          checked={form.values.enabled}
          onChange={(e) => form.set("enabled", e.target.checked)}
        />
        <label htmlFor="enabled" className="text-sm font-medium">
          {tForm("enabled")}
        </label>
      </div>
      {isProviderKind(kind) ? (
        <FormField form={form} name="mode" label={tForm("mode")} hint={tForm("modeHint")}>
          {(control) => (
            <NativeSelect {...control}>
              <option value="sandbox">{t("modes.sandbox")}</option>
              <option value="live">{t("modes.live")}</option>
            </NativeSelect>
          )}
        </FormField>
      ) : null}
      <FormField
        form={form}
        name="currencies"
        label={tForm("currencies")}
        hint={tForm("currenciesHint")}
      >
        {(control) => <Input {...control} autoComplete="off" autoCapitalize="characters" />}
      </FormField>
      <FormField form={form} name="feeRateBps" label={tForm("feeRate")} hint={tForm("feeRateHint")}>
        {(control) => <Input {...control} inputMode="decimal" autoComplete="off" />}
      </FormField>
      <FeeAmountsFields form={form} />
      <FormField
        form={form}
        name="settlementDelayDays"
        label={tForm("settlement")}
        hint={tForm("settlementHint")}
      >
        {(control) => <Input {...control} type="number" inputMode="numeric" min={0} max={90} />}
      </FormField>
      <FormField
        form={form}
        name="requestTtlSeconds"
        label={tForm("expiry")}
        hint={tForm("expiryHint")}
      >
        {(control) => <Input {...control} type="number" inputMode="numeric" min={1} max={1440} />}
      </FormField>
      <FormField
        form={form}
        name="refundWindowDays"
        label={tForm("refundWindow")}
        hint={tForm("refundWindowHint")}
      >
        {(control) => <Input {...control} type="number" inputMode="numeric" min={1} max={3650} />}
      </FormField>
      <FormField
        form={form}
        name="refundFeeRule"
        label={tForm("refundFee")}
        hint={tForm("refundFeeHint")}
      >
        {(control) => (
          <NativeSelect {...control}>
            {refundFeeRules.map((rule) => (
              <option key={rule} value={rule}>
                {tForm(`refundFeeRule.${rule}`)}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      <ServerAlert message={form.serverMessage} className="sm:col-span-2" />
      <DialogFooter className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
          {method ? tForm("save") : tForm("create")}
        </Button>
      </DialogFooter>
    </form>
  );
}

/** A method's amounts as the form shows them: each currency's in its own major units. */
function typedAmounts(amounts: PaymentMethod["feeAmounts"]): Record<string, FeeAmountsTyped> {
  const major = (minor: bigint | null, currency: string) =>
    minor === null ? "" : minorToMajorString(minor, currency);
  return Object.fromEntries(
    Object.entries(amounts).map(([currency, a]) => [
      currency,
      {
        fixedMinor: major(a.fixedMinor, currency),
        minMinor: major(a.minMinor, currency),
        maxMinor: major(a.maxMinor, currency),
      },
    ]),
  );
}
