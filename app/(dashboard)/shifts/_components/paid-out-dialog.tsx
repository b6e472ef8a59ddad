"use client";

import { useMutation, useQueryClient } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
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
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { paidOutInput } from "@/server/shifts/shift.schema";
import { readAmount } from "./drawer-figures";

const paidOutKinds = paidOutInput.shape.kind.options;
type Kind = (typeof paidOutKinds)[number];

/** Cash out of the drawer that is not a refund: a supplier paid, petty cash, with the reason. */
export function PaidOutDialog({ shiftId, currency }: { shiftId: string; currency: string }) {
  const t = useTranslations("shifts");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>("supplier");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const record = useMutation(
    trpc.shifts.paidOut.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        toast.success(t("paidOut.saved"));
        void queryClient.invalidateQueries(trpc.shifts.pathFilter());
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amountMinor = readAmount(amount, currency);
    if (amountMinor === null || amountMinor === "invalid" || amountMinor <= 0n) {
      setError(t("invalidAmount"));
      return;
    }
    record.mutate({ shiftId, kind, amountMinor, reason });
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setAmount("");
          setReason("");
          setError(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button size="lg" variant="outline">
          {t("paidOut.record")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={t("dialogClose")}>
        <DialogHeader>
          <DialogTitle>{t("paidOut.dialogTitle")}</DialogTitle>
          <DialogDescription>{t("paidOut.dialogBody")}</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          <div className="flex flex-col gap-2">
            <Label htmlFor="paid-out-kind">{t("paidOut.kind")}</Label>
            <NativeSelect
              id="paid-out-kind"
              variant="bare"
              className="h-12 w-full text-base md:text-sm"
              value={kind}
              onChange={(e) => setKind(e.target.value as Kind)}
            >
              {paidOutKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`paidOut.kinds.${k}`)}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="flex flex-col gap-2">
            <Label htmlFor="paid-out-amount">{t("paidOut.amount")}</Label>
            <Input
              id="paid-out-amount"
              inputMode="decimal"
              autoComplete="off"
              variant="bare"
              className="h-12 w-full text-lg md:text-sm"
              value={amount}
              onChange={(e) => {
                setAmount(e.target.value);
                setError(null);
              }}
            />
          </div>
          <div className="flex flex-col gap-2">
            <Label htmlFor="paid-out-reason">{t("paidOut.reason")}</Label>
            <Input
              id="paid-out-reason"
              variant="bare"
              className="h-12 w-full text-base md:text-sm"
              maxLength={200}
              placeholder={t("paidOut.reasonPlaceholder")}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setError(null);
              }}
            />
          </div>
          {error ? (
            <p role="alert" className="text-destructive text-sm">
              {error}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="submit" size="lg" disabled={record.isPending}>
              {record.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
              {t("paidOut.save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
