"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
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
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { formatMinor, minorToMajorString, parseMajorToMinor } from "@/server/money/currency";
import type { MethodChoice } from "../../../_lib/router-types";
import { quickTenders } from "../../_lib/cash";

type Reading =
  | { kind: "empty" }
  | { kind: "invalid" }
  | { kind: "short"; shortMinor: bigint }
  | { kind: "ok"; tenderedMinor: bigint; changeMinor: bigint };

function read(text: string, dueMinor: bigint, currency: string): Reading {
  if (!text.trim()) return { kind: "empty" };
  let tendered: bigint;
  try {
    tendered = parseMajorToMinor(text, currency);
  } catch {
    return { kind: "invalid" };
  }
  if (tendered < dueMinor) return { kind: "short", shortMinor: dueMinor - tendered };
  return { kind: "ok", tenderedMinor: tendered, changeMinor: tendered - dueMinor };
}

/** What a cash payment pays: `dueMinor`, all still due or the part typed (`partMinor`). */
export interface CashProps {
  method: MethodChoice;
  orderId: string;
  dueMinor: bigint;
  partMinor?: bigint | undefined;
  currency: string;
  onPaid: () => void;
}

/** The cash dialog's content (CashDialog loads it at the dialog's first opening). */
export function CashDialogContent(props: CashProps) {
  const t = useTranslations("orders.cash");
  const tCommon = useTranslations("common");
  return (
    <DialogContent closeLabel={tCommon("close")}>
      <DialogHeader>
        <DialogTitle>{t("title")}</DialogTitle>
        <DialogDescription>
          {t("due")}{" "}
          <Money
            minor={props.dueMinor}
            currency={props.currency}
            className="text-foreground font-semibold"
          />
        </DialogDescription>
      </DialogHeader>
      {/* Mounted with the dialog, so each opening starts with nothing typed. */}
      <CashForm {...props} />
    </DialogContent>
  );
}

/** What the customer handed over, the change to give back, confirm. */
function CashForm({ method, orderId, dueMinor, partMinor, currency, onPaid }: CashProps) {
  const t = useTranslations("orders.cash");
  const locale = useLocale();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const reading = read(text, dueMinor, currency);

  const pay = useMutation(
    trpc.orders.payCash.mutationOptions({
      onSuccess: (result) => {
        toast.success(t("done", { change: formatMinor(result.changeMinor, currency, locale) }));
        onPaid();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (reading.kind !== "ok") {
      setError(
        reading.kind === "short"
          ? t("short", { amount: formatMinor(reading.shortMinor, currency, locale) })
          : t("invalid"),
      );
      return;
    }
    setError(null);
    pay.mutate({
      orderId,
      methodId: method.id,
      amountMinor: partMinor,
      tenderedMinor: reading.tenderedMinor,
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <div className="flex flex-col gap-2">
        <Label htmlFor="cash-received">{t("received")}</Label>
        <Input
          id="cash-received"
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          placeholder={minorToMajorString(dueMinor, currency)}
          variant="bare"
          className="h-14 w-full text-2xl md:text-2xl"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "cash-received-error" : undefined}
        />
        {error ? (
          <p id="cash-received-error" role="alert" className="text-destructive text-sm">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2" role="group" aria-label={t("quick")}>
        <Button
          type="button"
          variant="secondary"
          onClick={() => setText(minorToMajorString(dueMinor, currency))}
        >
          {t("exact")}
        </Button>
        {quickTenders(dueMinor, currency).map((amount) => (
          <Button
            key={amount.toString()}
            type="button"
            variant="secondary"
            onClick={() => setText(minorToMajorString(amount, currency))}
          >
            {formatMinor(amount, currency, locale)}
          </Button>
        ))}
      </div>
      <div
        className={cn(
          "flex items-baseline justify-between rounded-lg px-4 py-3",
          reading.kind === "ok" ? "bg-emerald-50 text-emerald-950" : "bg-muted",
        )}
        aria-live="polite"
      >
        <span className="text-sm font-medium">{t("change")}</span>
        {reading.kind === "ok" ? (
          <Money minor={reading.changeMinor} currency={currency} className="text-3xl font-bold" />
        ) : reading.kind === "short" ? (
          <span className="text-destructive text-sm">
            {t("short", { amount: formatMinor(reading.shortMinor, currency, locale) })}
          </span>
        ) : reading.kind === "invalid" ? (
          <span className="text-destructive text-sm">{t("invalid")}</span>
        ) : (
          <span className="text-muted-foreground text-3xl font-bold">—</span>
        )}
      </div>
      <DialogFooter>
        <Button type="submit" size="lg" disabled={pay.isPending || reading.kind !== "ok"}>
          {pay.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
          {t("confirm")}
        </Button>
      </DialogFooter>
    </form>
  );
}
