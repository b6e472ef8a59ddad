"use client";

import { useMutation } from "@tanstack/react-query";
import { LoaderCircleIcon, PlusIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/app/_components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/app/_components/ui/dialog";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { minorToMajorString, parseMajorToMinor } from "@/server/money/currency";
import type { MethodKind, PaymentMethod } from "../../_lib/router-types";

type RefundFeeRule = PaymentMethod["refundFeeRule"];
const refundFeeRules = ["full", "proportional", "none"] as const satisfies readonly RefundFeeRule[];
import { methodKinds } from "../../orders/_lib/search-params";
import { bpsToPercent, percentToBps } from "../_lib/fee";

/** Kinds with a real provider behind them: only these have a live mode. */
const providerKinds: readonly MethodKind[] = ["alipay", "wechat_pay", "paypal", "stripe"];

/** Adds a payment method, or edits one when `method` is given. */
export function MethodDialog({
  method,
  defaultCurrency,
  onSaved,
  trigger,
}: {
  method?: PaymentMethod;
  defaultCurrency: string;
  onSaved: () => void;
  trigger?: ReactNode;
}) {
  const t = useTranslations("paymentMethods");
  const tCommon = useTranslations("common");
  const tErr = useTranslations("errors");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const fieldErrorsOf = useFieldErrors();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<MethodKind>(method?.kind ?? "sandbox");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const handlers = {
    onSuccess: () => {
      toast.success(method ? t("saved") : t("added"));
      setOpen(false);
      onSaved();
    },
    onError: (err: unknown) => {
      setErrors(fieldErrorsOf(err));
      setFormError(errorMessage(err));
    },
  };
  const create = useMutation(trpc.paymentMethods.create.mutationOptions(handlers));
  const update = useMutation(trpc.paymentMethods.update.mutationOptions(handlers));
  const pending = create.isPending || update.isPending;

  const feeCurrency = method?.currencies[0] ?? defaultCurrency;
  const major = (minor: bigint | null | undefined) =>
    minor === null || minor === undefined ? "" : minorToMajorString(minor, feeCurrency);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const found: Record<string, string> = {};

    const currencies = [
      ...new Set(
        text("currencies")
          .toUpperCase()
          .split(/[\s,，、;]+/)
          .filter(Boolean),
      ),
    ];
    if (currencies.length === 0) found.currencies = tErr("required");
    const moneyCurrency = currencies[0] ?? defaultCurrency;

    const feeRateBps = percentToBps(text("feeRateBps"));
    if (feeRateBps === null) found.feeRateBps = t("form.feeRateInvalid");

    const amount = (name: string, optional: boolean): bigint | null => {
      const value = text(name);
      if (!value) {
        if (!optional) found[name] = tErr("required");
        return null;
      }
      try {
        return parseMajorToMinor(value, moneyCurrency);
      } catch {
        found[name] = /^[A-Z]{3}$/.test(moneyCurrency)
          ? tErr("invalidAmount")
          : tErr("invalidCurrency");
        return null;
      }
    };
    const feeFixedMinor = amount("feeFixedMinor", false);
    const feeMinMinor = amount("feeMinMinor", true);
    const feeMaxMinor = amount("feeMaxMinor", true);
    if (feeMinMinor !== null && feeMaxMinor !== null && feeMinMinor > feeMaxMinor)
      found.feeMaxMinor = tErr("feeMinAboveMax");

    const days = Number(text("settlementDelayDays"));
    if (!Number.isInteger(days) || days < 0 || days > 90)
      found.settlementDelayDays = t("form.daysRange");
    const refundWindowDays = Number(text("refundWindowDays"));
    if (!Number.isInteger(refundWindowDays) || refundWindowDays < 1 || refundWindowDays > 3650)
      found.refundWindowDays = tErr("refundWindowRange");
    const minutes = Number(text("requestTtlMinutes"));
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
      found.requestTtlSeconds = tErr("ttlRange");

    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;

    const fields = {
      label: text("label"),
      enabled: form.get("enabled") === "on",
      mode: providerKinds.includes(kind)
        ? (text("mode") as PaymentMethod["mode"])
        : (method?.mode ?? "sandbox"),
      currencies,
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the form validated the rate before it submits
      feeRateBps: feeRateBps!,
      feeFixedMinor: feeFixedMinor ?? 0n,
      feeMinMinor,
      feeMaxMinor,
      settlementDelayDays: days,
      requestTtlSeconds: minutes * 60,
      refundWindowDays,
      refundFeeRule: text("refundFeeRule") as RefundFeeRule,
    };
    if (method) update.mutate({ id: method.id, ...fields });
    else create.mutate({ kind, ...fields });
  }

  const invalid = (name: string) => invalidProps(errors, name);

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setErrors({});
          setFormError(null);
          setKind(method?.kind ?? "sandbox");
        }
      }}
    >
      <DialogTrigger asChild>
        {trigger ?? (
          <Button>
            <PlusIcon aria-hidden />
            {t("add")}
          </Button>
        )}
      </DialogTrigger>
      <DialogContent closeLabel={tCommon("close")} className="max-w-xl">
        <DialogHeader>
          <DialogTitle>
            {method ? t("form.editTitle", { label: method.label }) : t("form.addTitle")}
          </DialogTitle>
          <DialogDescription>{t("form.hint")}</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2">
          {method ? null : (
            <div className="sm:col-span-2">
              <Field
                id="kind"
                label={t("form.kind")}
                hint={t(`kindHints.${kind}`)}
                error={errors.kind}
              >
                <NativeSelect
                  id="kind"
                  name="kind"
                  value={kind}
                  onChange={(e) => setKind(e.target.value as MethodKind)}
                >
                  {methodKinds.map((k) => (
                    <option key={k} value={k}>
                      {t(`kinds.${k}`)}
                    </option>
                  ))}
                </NativeSelect>
              </Field>
            </div>
          )}
          <div className="sm:col-span-2">
            <Field
              id="label"
              label={t("form.label")}
              hint={t("form.labelHint")}
              error={errors.label}
            >
              <Input
                id="label"
                name="label"
                defaultValue={method?.label ?? ""}
                maxLength={60}
                autoComplete="off"
                {...invalid("label")}
              />
            </Field>
          </div>
          <div className="flex items-center gap-2 sm:col-span-2">
            <input
              id="enabled"
              name="enabled"
              type="checkbox"
              defaultChecked={method?.enabled ?? true}
              className="accent-primary size-4"
            />
            <label htmlFor="enabled" className="text-sm font-medium">
              {t("form.enabled")}
            </label>
          </div>
          {providerKinds.includes(kind) ? (
            <Field id="mode" label={t("form.mode")} hint={t("form.modeHint")} error={errors.mode}>
              <NativeSelect id="mode" name="mode" defaultValue={method?.mode ?? "sandbox"}>
                <option value="sandbox">{t("modes.sandbox")}</option>
                <option value="live">{t("modes.live")}</option>
              </NativeSelect>
            </Field>
          ) : null}
          <Field
            id="currencies"
            label={t("form.currencies")}
            hint={t("form.currenciesHint")}
            error={errors.currencies}
          >
            <Input
              id="currencies"
              name="currencies"
              defaultValue={(method?.currencies ?? [defaultCurrency]).join(", ")}
              autoComplete="off"
              autoCapitalize="characters"
              {...invalid("currencies")}
            />
          </Field>
          <Field
            id="feeRateBps"
            label={t("form.feeRate")}
            hint={t("form.feeRateHint")}
            error={errors.feeRateBps}
          >
            <Input
              id="feeRateBps"
              name="feeRateBps"
              inputMode="decimal"
              autoComplete="off"
              defaultValue={bpsToPercent(method?.feeRateBps ?? 0)}
              {...invalid("feeRateBps")}
            />
          </Field>
          <Field
            id="feeFixedMinor"
            label={t("form.feeFixed")}
            hint={t("form.moneyHint")}
            error={errors.feeFixedMinor}
          >
            <Input
              id="feeFixedMinor"
              name="feeFixedMinor"
              inputMode="decimal"
              autoComplete="off"
              defaultValue={major(method?.feeFixedMinor ?? 0n)}
              {...invalid("feeFixedMinor")}
            />
          </Field>
          <Field
            id="feeMinMinor"
            label={t("form.feeMin")}
            hint={t("form.optional")}
            error={errors.feeMinMinor}
          >
            <Input
              id="feeMinMinor"
              name="feeMinMinor"
              inputMode="decimal"
              autoComplete="off"
              defaultValue={major(method?.feeMinMinor)}
              {...invalid("feeMinMinor")}
            />
          </Field>
          <Field
            id="feeMaxMinor"
            label={t("form.feeMax")}
            hint={t("form.optional")}
            error={errors.feeMaxMinor}
          >
            <Input
              id="feeMaxMinor"
              name="feeMaxMinor"
              inputMode="decimal"
              autoComplete="off"
              defaultValue={major(method?.feeMaxMinor)}
              {...invalid("feeMaxMinor")}
            />
          </Field>
          <Field
            id="settlementDelayDays"
            label={t("form.settlement")}
            hint={t("form.settlementHint")}
            error={errors.settlementDelayDays}
          >
            <Input
              id="settlementDelayDays"
              name="settlementDelayDays"
              type="number"
              inputMode="numeric"
              min={0}
              max={90}
              defaultValue={method?.settlementDelayDays ?? 1}
              {...invalid("settlementDelayDays")}
            />
          </Field>
          <Field
            id="requestTtlSeconds"
            label={t("form.expiry")}
            hint={t("form.expiryHint")}
            error={errors.requestTtlSeconds}
          >
            <Input
              id="requestTtlSeconds"
              name="requestTtlMinutes"
              type="number"
              inputMode="numeric"
              min={1}
              max={1440}
              defaultValue={Math.round((method?.requestTtlSeconds ?? 900) / 60)}
              {...invalid("requestTtlSeconds")}
            />
          </Field>
          <Field
            id="refundWindowDays"
            label={t("form.refundWindow")}
            hint={t("form.refundWindowHint")}
            error={errors.refundWindowDays}
          >
            <Input
              id="refundWindowDays"
              name="refundWindowDays"
              type="number"
              inputMode="numeric"
              min={1}
              max={3650}
              defaultValue={method?.refundWindowDays ?? 365}
              {...invalid("refundWindowDays")}
            />
          </Field>
          <Field id="refundFeeRule" label={t("form.refundFee")} hint={t("form.refundFeeHint")}>
            <NativeSelect
              id="refundFeeRule"
              name="refundFeeRule"
              defaultValue={method?.refundFeeRule ?? "proportional"}
            >
              {refundFeeRules.map((rule) => (
                <option key={rule} value={rule}>
                  {t(`form.refundFeeRule.${rule}`)}
                </option>
              ))}
            </NativeSelect>
          </Field>
          {formError ? (
            <p
              role="alert"
              className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm sm:col-span-2"
            >
              {formError}
            </p>
          ) : null}
          <DialogFooter className="sm:col-span-2">
            <Button type="submit" disabled={pending}>
              {pending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
              {method ? t("form.save") : t("form.create")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
