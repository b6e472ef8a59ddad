"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { toast } from "@/app/_components/toast";
import { Money } from "@/app/_components/money";
import { Button } from "@/app/_components/ui/button";
import {
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/app/_components/ui/dialog";
import { FormField, ServerAlert } from "@/app/_components/ui/form";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { useCheckedForm } from "@/app/_lib/use-checked-form";
import { useTRPC } from "@/app/_trpc/client";
import { refundReasons } from "@/db/schema/enum-values";
import { formatMinor, minorToMajorString } from "@/server/money/currency";
import { useShopTime } from "../../../_lib/use-shop-time";
import { voucherUseOf, type VoucherUse } from "../../../refunds/_lib/voucher-use";
import type { RefundAsked } from "../_lib/refund-form.schema";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

export type RefundReason = (typeof refundReasons)[number];

/** The dialog as typed: the amount is read (and checked) only for a partial refund. */
interface RefundTyped {
  extent: "full" | "partial";
  reason: RefundReason;
  reasonText: string;
  amountMinor: string;
}

/** The payment a refund gives money back from. */
export interface RefundablePayment {
  id: string;
  methodLabel: string;
  amountMinor: bigint;
  refundedMinor: bigint;
  currency: string;
}

/** The refund dialog's content (RefundDialog loads it at the dialog's first opening). */
export function RefundDialogContent({
  orderId,
  payment,
  defaultReason,
  onDone,
}: {
  orderId: string;
  payment: RefundablePayment;
  defaultReason: RefundReason;
  onDone: () => void;
}) {
  const t = useTranslations("orderRefunds.dialog");
  const locale = useLocale();
  const refundable = payment.amountMinor - payment.refundedMinor;
  return (
    <DialogContent closeLabel={t("close")}>
      <DialogHeader>
        <DialogTitle>{t("title")}</DialogTitle>
        <DialogDescription>
          {t("refundable", { method: payment.methodLabel })}{" "}
          <Money
            minor={refundable}
            currency={payment.currency}
            className="text-foreground font-semibold"
          />
          {payment.refundedMinor > 0n ? (
            <>
              {" · "}
              {t("alreadyRefunded", {
                amount: formatMinor(payment.refundedMinor, payment.currency, locale),
              })}
            </>
          ) : null}
        </DialogDescription>
      </DialogHeader>
      {/* Mounted with the dialog, so each opening starts from a blank form. */}
      <RefundForm
        orderId={orderId}
        payment={payment}
        refundable={refundable}
        defaultReason={defaultReason}
        onDone={onDone}
      />
    </DialogContent>
  );
}

function RefundForm({
  orderId,
  payment,
  refundable,
  defaultReason,
  onDone,
}: {
  orderId: string;
  payment: RefundablePayment;
  refundable: bigint;
  defaultReason: RefundReason;
  onDone: () => void;
}) {
  const t = useTranslations("orderRefunds.dialog");
  const tReason = useTranslations("refunds.reason");
  const locale = useLocale();
  const time = useShopTime();
  const trpc = useTRPC();
  const [voucherUse, setVoucherUse] = useState<VoucherUse | null>(null);
  const form = useCheckedForm<RefundTyped, RefundAsked>(
    { extent: "full", reason: defaultReason, reasonText: "", amountMinor: "" },
    // zod and the refund schema come with the dialog, not with the order's page.
    () =>
      import("../_lib/refund-form.schema").then(({ refundForm }) => {
        const schema = refundForm(payment.currency, refundable);
        return (values) => schema.safeParse(values);
      }),
  );
  const { extent, reason } = form.values;
  const request = useMutation(
    trpc.refunds.request.mutationOptions({
      onSuccess: (refund) => {
        const amount = formatMinor(refund.amountMinor, refund.currency, locale);
        toast.success(t(`asked.${refund.status}`, { amount }));
        onDone();
      },
      onError: (err) => {
        const use = voucherUseOf(err);
        if (use) setVoucherUse(use);
        else form.serverError(err);
      },
    }),
  );
  const submit = (confirmRedeemedVoucher: boolean) =>
    form.handleSubmit(({ reasonText, ...refund }) =>
      request.mutate({
        orderId,
        attemptId: payment.id,
        ...refund,
        reasonText: reasonText || undefined,
        confirmRedeemedVoucher,
      }),
    );
  const pending = request.isPending ? (
    <LoaderCircleIcon className="animate-spin" aria-hidden />
  ) : null;

  if (voucherUse) {
    return (
      <div className="flex flex-col gap-4" role="alertdialog" aria-labelledby="voucher-used">
        <p
          id="voucher-used"
          className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
        >
          {isolatedSentence(
            t,
            "voucherUsed",
            {
              uses: voucherUse.uses,
              by: voucherUse.by,
              at: voucherUse.at ? time.dateTime(new Date(voucherUse.at)) : "—",
            },
            ["by"],
          )}
        </p>
        <ServerAlert message={form.serverMessage} />
        <DialogFooter>
          <Button type="button" variant="outline" onClick={() => setVoucherUse(null)}>
            {t("back")}
          </Button>
          <Button
            type="button"
            variant="destructive"
            disabled={request.isPending}
            onClick={() => void submit(true)()}
          >
            {pending}
            {t("confirmVoucherUsed")}
          </Button>
        </DialogFooter>
      </div>
    );
  }

  return (
    <form onSubmit={(e) => void submit(false)(e)} noValidate className="flex flex-col gap-4">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">{t("howMuch")}</legend>
        <div className="grid grid-cols-2 gap-2">
          {(["full", "partial"] as const).map((value) => (
            <label
              key={value}
              className="has-[:checked]:border-primary has-[:checked]:bg-primary/5 flex min-h-11 cursor-pointer items-center gap-2 rounded-md border px-3 text-sm"
            >
              <input
                type="radio"
                name="extent"
                value={value}
                checked={extent === value}
                onChange={() => form.set("extent", value)}
              />
              {t(value)}
            </label>
          ))}
        </div>
      </fieldset>
      {extent === "partial" ? (
        <FormField
          form={form}
          name="amountMinor"
          label={t("amount")}
          messageValues={{ max: formatMinor(refundable, payment.currency, locale) }}
        >
          {(control) => (
            <Input
              {...control}
              inputMode="decimal"
              autoComplete="off"
              autoFocus
              placeholder={minorToMajorString(refundable, payment.currency)}
            />
          )}
        </FormField>
      ) : null}
      <FormField form={form} name="reason" label={t("reason")}>
        {(control) => (
          <NativeSelect {...control}>
            {refundReasons.map((r) => (
              <option key={r} value={r}>
                {tReason(r)}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      <FormField
        form={form}
        name="reasonText"
        label={t("note")}
        hint={reason === "other" ? t("noteRequired") : t("noteHint")}
      >
        {(control) => <Input {...control} maxLength={500} />}
      </FormField>
      <ServerAlert message={form.serverMessage} />
      <DialogFooter>
        <Button type="submit" disabled={request.isPending}>
          {pending}
          {t("submit")}
        </Button>
      </DialogFooter>
    </form>
  );
}
