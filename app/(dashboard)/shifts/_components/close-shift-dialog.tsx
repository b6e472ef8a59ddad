"use client";

import { useMutation, useQueryClient } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
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
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { formatMinor, minorToMajorString } from "@/server/money/currency";
import {
  cnyDenominations,
  countTotal,
  type CnyDenomination,
} from "@/server/shifts/denominations.logic";
import type { RouterOutputs } from "../../_lib/router-types";
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
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [pieces, setPieces] = useState<Partial<Record<CnyDenomination, number>>>({});
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
    const counted = readAmount(text, shift.currency);
    if (counted === null || counted === "invalid") {
      setError(t("invalidAmount"));
      return;
    }
    setError(null);
    setReviewing(counted);
  };

  const countPieces = (value: CnyDenomination, raw: string) => {
    const n = raw.trim() === "" ? 0 : Number(raw);
    if (!Number.isInteger(n) || n < 0) return;
    const next = { ...pieces, [value]: n };
    setPieces(next);
    setText(minorToMajorString(countTotal(next), shift.currency));
    setError(null);
  };

  if (!running) return null;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setText("");
          setPieces({});
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
              <div className="flex flex-col gap-2">
                <Label htmlFor="shift-counted">{t("close.counted")}</Label>
                <Input
                  id="shift-counted"
                  inputMode="decimal"
                  autoComplete="off"
                  autoFocus
                  className="h-14 text-2xl md:text-2xl"
                  value={text}
                  onChange={(e) => {
                    setText(e.target.value);
                    setPieces({});
                    setError(null);
                  }}
                  aria-invalid={error ? true : undefined}
                />
              </div>
              {shift.currency === "CNY" ? (
                <details className="rounded-lg border p-3">
                  <summary className="min-h-11 cursor-pointer content-center font-medium">
                    {t("close.byDenomination")}
                  </summary>
                  <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4">
                    {cnyDenominations.map((value) => (
                      <div key={value} className="flex flex-col gap-1">
                        <Label htmlFor={`pieces-${value}`}>
                          {t("close.pieces", {
                            value: formatMinor(BigInt(value), "CNY", locale),
                          })}
                        </Label>
                        <Input
                          id={`pieces-${value}`}
                          inputMode="numeric"
                          className="h-11"
                          value={pieces[value] ?? ""}
                          onChange={(e) => countPieces(value, e.target.value)}
                        />
                      </div>
                    ))}
                  </div>
                </details>
              ) : null}
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
          <>
            <DialogHeader>
              <DialogTitle>{t("close.checkTitle")}</DialogTitle>
              <DialogDescription>{t("close.checkBody")}</DialogDescription>
            </DialogHeader>
            <DrawerFigures currency={shift.currency} {...running} countedMinor={reviewing} />
            {error ? (
              <p role="alert" className="text-destructive text-sm">
                {error}
              </p>
            ) : null}
            <DialogFooter>
              <Button size="lg" variant="outline" onClick={() => setReviewing(null)}>
                {t("close.back")}
              </Button>
              <Button
                size="lg"
                disabled={close.isPending}
                onClick={() => close.mutate({ shiftId: shift.id, countedMinor: reviewing })}
              >
                {close.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
                {t("close.confirm")}
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
