"use client";

import { useMutation, useQueryClient } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent, type ReactNode } from "react";
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
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { RouterOutputs } from "../../_lib/router-types";
import { DrawerCountField, useDrawerCount } from "./drawer-count";
import { DrawerFigures, readAmount } from "./drawer-figures";

type OpenShift = NonNullable<RouterOutputs["shifts"]["current"]>;
export type ClosedShift = RouterOutputs["shifts"]["close"];

/**
 * Closing by counting, in two steps: the count (typed, or by notes and coins in renminbi),
 * then the check of expected against counted before the shift is closed for good.
 */
export function CloseShiftDialog({
  shift,
  onClosed,
}: {
  shift: OpenShift;
  onClosed: (closed: ClosedShift) => void;
}) {
  const t = useTranslations("shifts");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [open, setOpen] = useState(false);
  const count = useDrawerCount(shift.currency);
  const [reviewing, setReviewing] = useState<bigint | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = shift.running;

  const close = useMutation(
    trpc.shifts.close.mutationOptions({
      onSuccess: (closed) => {
        setOpen(false);
        toast.success(t("close.closed"));
        onClosed(closed);
        void queryClient.invalidateQueries(trpc.shifts.pathFilter());
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  const review = (e: FormEvent) => {
    e.preventDefault();
    const counted = readAmount(count.text, shift.currency);
    if (counted === null || counted === "invalid") {
      setError(t("invalidAmount"));
      return;
    }
    setError(null);
    setReviewing(counted);
  };

  if (!running) return null;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          count.reset();
          setReviewing(null);
          setError(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button size="lg">{t("close.start")}</Button>
      </DialogTrigger>
      <DialogContent closeLabel={t("dialogClose")}>
        {reviewing === null ? (
          <>
            <DialogHeader>
              <DialogTitle>{t("close.title")}</DialogTitle>
              <DialogDescription>{t("close.countBody")}</DialogDescription>
            </DialogHeader>
            <form onSubmit={review} noValidate className="flex flex-col gap-4">
              <DrawerCountField count={count} invalid={!!error} onEdit={() => setError(null)} />
              {error ? (
                <p role="alert" className="text-destructive text-sm">
                  {error}
                </p>
              ) : null}
              <DialogFooter>
                <Button type="submit" size="lg">
                  {t("close.review")}
                </Button>
              </DialogFooter>
            </form>
          </>
        ) : (
          <CloseCheck
            description={t("close.checkBody")}
            error={error}
            pending={close.isPending}
            onBack={() => setReviewing(null)}
            onClose={() => close.mutate({ shiftId: shift.id, countedMinor: reviewing })}
          >
            <DrawerFigures currency={shift.currency} {...running} countedMinor={reviewing} />
          </CloseCheck>
        )}
      </DialogContent>
    </Dialog>
  );
}

/**
 * The last step of every close, the cashier's or one made for them: what the drawer should
 * hold against what was counted (the children), then back to counting or closing for good.
 */
export function CloseCheck({
  description,
  error,
  pending,
  onBack,
  onClose,
  children,
}: {
  description: ReactNode;
  error: string | null;
  /** Null while the figures to check are not there yet: nothing to close on. */
  pending: boolean | null;
  onBack: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const t = useTranslations("shifts");
  return (
    <>
      <DialogHeader>
        <DialogTitle>{t("close.checkTitle")}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>
      {children}
      {error ? (
        <p role="alert" className="text-destructive text-sm">
          {error}
        </p>
      ) : null}
      <DialogFooter>
        <Button size="lg" variant="outline" onClick={onBack}>
          {t("close.back")}
        </Button>
        <Button size="lg" disabled={pending !== false} onClick={onClose}>
          {pending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
          {t("close.confirm")}
        </Button>
      </DialogFooter>
    </>
  );
}
