"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { isolatedSentence } from "@/app/_components/isolated-sentence";
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
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import { CloseCheck } from "./close-shift-dialog";
import { DrawerCountField, useDrawerCount } from "./drawer-count";
import { DrawerFigures, readAmount } from "./drawer-figures";
import type { ShiftListRow } from "./shifts-list";

/**
 * A manager or the owner closes a cashier's open shift for them, in the same two steps as the
 * cashier's close: the count with the reason, then expected against counted before it closes.
 * The drawer's figures show only once counted, so the count is not led by them.
 */
export function CloseForCashierDialog({
  shift,
  onDone,
}: {
  shift: ShiftListRow | null;
  onDone: () => void;
}) {
  const t = useTranslations("shifts");
  return (
    <Dialog open={!!shift} onOpenChange={(next) => (next ? null : onDone())}>
      <DialogContent closeLabel={t("dialogClose")}>
        {/* Keyed by the shift: each opening starts a fresh count. */}
        {shift ? <CloseForCashierSteps key={shift.id} shift={shift} onDone={onDone} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function CloseForCashierSteps({ shift, onDone }: { shift: ShiftListRow; onDone: () => void }) {
  const t = useTranslations("shifts");
  const trpc = useTRPC();
  const time = useShopTime();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const count = useDrawerCount(shift.currency);
  const [reason, setReason] = useState("");
  const [reviewing, setReviewing] = useState<bigint | null>(null);
  const [error, setError] = useState<{ field: "count" | "reason" | null; text: string } | null>(
    null,
  );
  const drawer = useQuery({
    ...trpc.shifts.byId.queryOptions({ shiftId: shift.id }),
    enabled: reviewing !== null,
  });
  const close = useMutation(
    trpc.shifts.closeForCashier.mutationOptions({
      onSuccess: () => {
        toast.success(t("closeFor.done"));
        void queryClient.invalidateQueries(trpc.shifts.pathFilter());
        onDone();
      },
      onError: (err) => setError({ field: null, text: errorMessage(err) }),
    }),
  );
  const cashier = shift.cashierName ?? "—";

  const review = (e: FormEvent) => {
    e.preventDefault();
    const counted = readAmount(count.text, shift.currency);
    if (counted === null || counted === "invalid") {
      setError({ field: "count", text: t("invalidAmount") });
      return;
    }
    if (reason.trim().length < 2) {
      setError({ field: "reason", text: t("closeFor.reasonRequired") });
      return;
    }
    setError(null);
    setReviewing(counted);
  };

  const errorLine = error ? (
    <p id="close-for-error" role="alert" className="text-destructive text-sm">
      {error.text}
    </p>
  ) : null;

  if (reviewing === null)
    return (
      <>
        <DialogHeader>
          <DialogTitle>{t("closeFor.title")}</DialogTitle>
          <DialogDescription>
            {isolatedSentence(
              t,
              "closeFor.body",
              { cashier, store: shift.storeName, time: time.dateTime(shift.openedAt) },
              ["cashier", "store"],
            )}
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={review} noValidate className="flex flex-col gap-4">
          <DrawerCountField
            count={count}
            invalid={error?.field === "count"}
            onEdit={() => setError(null)}
          />
          <div className="flex flex-col gap-2">
            <Label htmlFor="close-for-reason">{t("closeFor.reason")}</Label>
            <Input
              id="close-for-reason"
              variant="bare"
              className="h-12 w-full text-base md:text-sm"
              maxLength={200}
              placeholder={t("closeFor.reasonPlaceholder")}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setError(null);
              }}
              aria-invalid={error?.field === "reason" ? true : undefined}
              aria-describedby={error?.field === "reason" ? "close-for-error" : undefined}
            />
          </div>
          {errorLine}
          <DialogFooter>
            <Button type="button" size="lg" variant="outline" onClick={onDone}>
              {t("cancel")}
            </Button>
            <Button type="submit" size="lg">
              {t("close.review")}
            </Button>
          </DialogFooter>
        </form>
      </>
    );

  const running = drawer.data?.running;
  return (
    <CloseCheck
      description={isolatedSentence(t, "closeFor.checkBody", { cashier }, ["cashier"])}
      error={error?.text ?? null}
      pending={running ? close.isPending : null}
      onBack={() => setReviewing(null)}
      onClose={() =>
        close.mutate({ shiftId: shift.id, countedMinor: reviewing, reason: reason.trim() })
      }
    >
      {running ? (
        <DrawerFigures currency={shift.currency} {...running} countedMinor={reviewing} />
      ) : drawer.isError || drawer.data ? (
        <p role="alert" className="text-destructive text-sm">
          {drawer.isError ? errorMessage(drawer.error) : t("closeFor.closedMeanwhile")}
        </p>
      ) : (
        <p className="text-muted-foreground" role="status">
          {t("loading")}
        </p>
      )}
      <p className="text-sm break-words">
        {isolatedSentence(t, "closeFor.reasonShown", { reason: reason.trim() }, ["reason"])}
      </p>
    </CloseCheck>
  );
}
