"use client";

import { useMutation } from "@tanstack/react-query";
import { LoaderCircleIcon, Undo2Icon } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Money } from "@/app/_components/money";
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
import { Field } from "@/app/_components/ui/field";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { formatMinor, minorToMajorString, parseMajorToMinor } from "@/server/money/currency";
import type { RouterInputs } from "../../../_lib/router-types";
import { useShopTime } from "../../../_lib/use-shop-time";
import { voucherUseOf, type VoucherUse } from "../../../refunds/_lib/voucher-use";

type RefundReason = RouterInputs["refunds"]["request"]["reason"];
export const refundReasons = [
  "customer_request",
  "duplicate_payment",
  "wrong_amount",
  "product_issue",
  "order_cancelled",
  "other",
] as const satisfies readonly RefundReason[];

/** The payment a refund gives money back from. */
export interface RefundablePayment {
  id: string;
  methodLabel: string;
  amountMinor: bigint;
  refundedMinor: bigint;
  currency: string;
}

/**
 * Gives money back on one payment of an order: all that is left of it or a part, with a
 * reason. A cashier's refund waits for a manager; a manager's (below the owner's approval
 * amount) goes to the provider at once, and cash is handed back at once.
 */
export function RefundDialog({
  orderId,
  payment,
  defaultReason = "customer_request",
  triggerLabel,
  triggerVariant = "outline",
  onDone,
}: {
  orderId: string;
  payment: RefundablePayment;
  defaultReason?: RefundReason;
  triggerLabel: string;
  triggerVariant?: "outline" | "default" | "secondary";
  onDone: () => void;
}) {
  const t = useTranslations("orderRefunds");
  const tReason = useTranslations("refunds.reason");
  const locale = useLocale();
  const time = useShopTime();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const refundable = payment.amountMinor - payment.refundedMinor;
  const [open, setOpen] = useState(false);
  const [whole, setWhole] = useState(true);
  const [amountText, setAmountText] = useState("");
  const [reason, setReason] = useState<RefundReason>(defaultReason);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [voucherUse, setVoucherUse] = useState<VoucherUse | null>(null);

  const request = useMutation(
    trpc.refunds.request.mutationOptions({
      onSuccess: (refund) => {
        setOpen(false);
        const amount = formatMinor(refund.amountMinor, refund.currency, locale);
        toast.success(t(`asked.${refund.status}`, { amount }));
        onDone();
      },
      onError: (err) => {
        const use = voucherUseOf(err);
        if (use) setVoucherUse(use);
        else setError(errorMessage(err));
      },
    }),
  );

  function amountMinor(): bigint | null {
    if (whole) return refundable;
    try {
      const minor = parseMajorToMinor(amountText, payment.currency);
      return minor > 0n ? minor : null;
    } catch {
      return null;
    }
  }

  function submit(confirmRedeemedVoucher: boolean) {
    const amount = amountMinor();
    if (amount === null) {
      setError(t("amountInvalid"));
      return;
    }
    if (amount > refundable) {
      setError(t("amountTooHigh", { max: formatMinor(refundable, payment.currency, locale) }));
      return;
    }
    if (reason === "other" && !note.trim()) {
      setError(t("noteRequired"));
      return;
    }
    setError(null);
    request.mutate({
      orderId,
      attemptId: payment.id,
      amountMinor: amount,
      reason,
      reasonText: note.trim() || undefined,
      confirmRedeemedVoucher,
    });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    submit(false);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setWhole(true);
          setAmountText("");
          setReason(defaultReason);
          setNote("");
          setError(null);
          setVoucherUse(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button type="button" variant={triggerVariant} disabled={refundable <= 0n}>
          <Undo2Icon aria-hidden />
          {triggerLabel}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={t("close")}>
        <DialogHeader>
          <DialogTitle>{t("dialog.title")}</DialogTitle>
          <DialogDescription>
            {t("dialog.refundable", { method: payment.methodLabel })}{" "}
            <Money
              minor={refundable}
              currency={payment.currency}
              className="text-foreground font-semibold"
            />
            {payment.refundedMinor > 0n ? (
              <>
                {" · "}
                {t("dialog.alreadyRefunded", {
                  amount: formatMinor(payment.refundedMinor, payment.currency, locale),
                })}
              </>
            ) : null}
          </DialogDescription>
        </DialogHeader>
        {voucherUse ? (
          <div className="flex flex-col gap-4" role="alertdialog" aria-labelledby="voucher-used">
            <p
              id="voucher-used"
              className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
            >
              {t("voucherUsed", {
                uses: voucherUse.uses,
                by: voucherUse.by,
                at: voucherUse.at ? time.dateTime(new Date(voucherUse.at)) : "—",
              })}
            </p>
            {error ? (
              <p role="alert" className="text-destructive text-sm">
                {error}
              </p>
            ) : null}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setVoucherUse(null)}>
                {t("back")}
              </Button>
              <Button
                type="button"
                variant="destructive"
                disabled={request.isPending}
                onClick={() => submit(true)}
              >
                {request.isPending ? (
                  <LoaderCircleIcon className="animate-spin" aria-hidden />
                ) : null}
                {t("confirmVoucherUsed")}
              </Button>
            </DialogFooter>
          </div>
        ) : (
          <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-2 text-sm font-medium">{t("dialog.howMuch")}</legend>
              <div className="grid grid-cols-2 gap-2">
                {[true, false].map((full) => (
                  <label
                    key={String(full)}
                    className={cn(
                      "flex min-h-11 cursor-pointer items-center gap-2 rounded-md border px-3 text-sm",
                      whole === full && "border-primary bg-primary/5",
                    )}
                  >
                    <input
                      type="radio"
                      name="refund-extent"
                      checked={whole === full}
                      onChange={() => {
                        setWhole(full);
                        setError(null);
                      }}
                    />
                    {full ? t("dialog.full") : t("dialog.partial")}
                  </label>
                ))}
              </div>
            </fieldset>
            {whole ? null : (
              <Field id="refund-amount" label={t("dialog.amount")} error={error ?? undefined}>
                <Input
                  id="refund-amount"
                  inputMode="decimal"
                  autoComplete="off"
                  autoFocus
                  placeholder={minorToMajorString(refundable, payment.currency)}
                  value={amountText}
                  onChange={(e) => {
                    setAmountText(e.target.value);
                    setError(null);
                  }}
                  aria-invalid={error ? true : undefined}
                />
              </Field>
            )}
            <Field id="refund-reason" label={t("dialog.reason")}>
              <NativeSelect
                id="refund-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value as RefundReason)}
              >
                {refundReasons.map((r) => (
                  <option key={r} value={r}>
                    {tReason(r)}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field
              id="refund-note"
              label={t("dialog.note")}
              hint={reason === "other" ? t("noteRequired") : t("dialog.noteHint")}
            >
              <Input
                id="refund-note"
                maxLength={500}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </Field>
            {error && whole ? (
              <p role="alert" className="text-destructive text-sm">
                {error}
              </p>
            ) : null}
            <DialogFooter>
              <Button type="submit" disabled={request.isPending}>
                {request.isPending ? (
                  <LoaderCircleIcon className="animate-spin" aria-hidden />
                ) : null}
                {t("dialog.submit")}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
