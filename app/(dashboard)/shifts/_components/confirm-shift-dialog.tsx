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
} from "@/app/_components/ui/dialog";
import { textareaClass } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import { DrawerFigures } from "./drawer-figures";
import { ClosedForLine } from "./closed-for-line";
import type { ShiftListRow } from "./shifts-list";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

/** A manager confirms a closed count; a count that differs needs a note on what was found. */
export function ConfirmShiftDialog({
  shift,
  onDone,
}: {
  shift: ShiftListRow | null;
  onDone: () => void;
}) {
  const t = useTranslations("shifts");
  const trpc = useTRPC();
  const time = useShopTime();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const differs = !!shift?.differenceMinor;
  const confirm = useMutation(
    trpc.shifts.confirm.mutationOptions({
      onSuccess: () => {
        toast.success(t("confirm.done"));
        void queryClient.invalidateQueries(trpc.shifts.pathFilter());
        setNote("");
        onDone();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!shift) return;
    if (differs && !note.trim()) {
      setError(t("confirm.noteRequired"));
      return;
    }
    confirm.mutate({ shiftId: shift.id, note: note.trim() || undefined });
  };
  return (
    <Dialog
      open={!!shift}
      onOpenChange={(next) => {
        if (!next) {
          setNote("");
          setError(null);
          onDone();
        }
      }}
    >
      <DialogContent closeLabel={t("dialogClose")}>
        {shift ? (
          <>
            <DialogHeader>
              <DialogTitle>{t("confirm.title")}</DialogTitle>
              <DialogDescription>
                {isolatedSentence(
                  t,
                  "confirm.body",
                  {
                    cashier: shift.cashierName ?? "—",
                    store: shift.storeName,
                    time: shift.closedAt ? time.dateTime(shift.closedAt) : "—",
                  },
                  ["cashier", "store"],
                )}
              </DialogDescription>
            </DialogHeader>
            <ClosedForLine row={shift} />
            <DrawerFigures
              currency={shift.currency}
              floatMinor={shift.floatMinor}
              cashSalesMinor={shift.cashSalesMinor ?? 0n}
              cashRefundsMinor={shift.cashRefundsMinor ?? 0n}
              paidOutsMinor={shift.paidOutsMinor ?? 0n}
              expectedMinor={shift.expectedMinor ?? 0n}
              countedMinor={shift.countedMinor}
            />
            <form onSubmit={submit} noValidate className="flex flex-col gap-4">
              <div className="flex flex-col gap-2">
                <Label htmlFor="shift-confirm-note">{t("confirm.note")}</Label>
                <textarea
                  id="shift-confirm-note"
                  rows={3}
                  maxLength={500}
                  required={differs}
                  className={textareaClass}
                  placeholder={t("confirm.notePlaceholder")}
                  value={note}
                  onChange={(e) => {
                    setNote(e.target.value);
                    setError(null);
                  }}
                  aria-invalid={error ? true : undefined}
                />
              </div>
              {error ? (
                <p role="alert" className="text-destructive text-sm">
                  {error}
                </p>
              ) : null}
              <DialogFooter>
                <Button type="button" size="lg" variant="outline" onClick={onDone}>
                  {t("cancel")}
                </Button>
                <Button type="submit" size="lg" disabled={confirm.isPending}>
                  {confirm.isPending ? (
                    <LoaderCircleIcon className="animate-spin" aria-hidden />
                  ) : null}
                  {t("confirm.action")}
                </Button>
              </DialogFooter>
            </form>
          </>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
