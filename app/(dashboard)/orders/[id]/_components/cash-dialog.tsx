"use client";

import { BanknoteIcon } from "lucide-react";
import { useState } from "react";
import { AfterFirstOpen } from "@/app/_components/ui/after-first-open";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogTrigger } from "@/app/_components/ui/dialog";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import type { CashProps } from "./cash-form";

// The form and its sentences: fetched when the trigger is pointed at, focused or pressed, not
// with the order's page.
const { Lazy: CashDialogContent, fetchAhead: fetchContentAhead } = lazyWithMessages(
  ["orders.cash"],
  () => import("./cash-form"),
  (m) => m.CashDialogContent,
);

/**
 * Cash at the counter: what the customer handed over, the change to give back, confirm.
 * `dueMinor` is what this cash pays: everything still due, or the part typed (`partMinor`).
 */
export function CashDialog({
  method,
  orderId,
  dueMinor,
  partMinor,
  currency,
  disabled,
  onPaid,
}: CashProps & { disabled: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild {...fetchContentAhead}>
        <Button type="button" variant="outline" size="tile" disabled={disabled}>
          <BanknoteIcon aria-hidden />
          {method.label}
        </Button>
      </DialogTrigger>
      <AfterFirstOpen open={open}>
        <CashDialogContent
          method={method}
          orderId={orderId}
          dueMinor={dueMinor}
          partMinor={partMinor}
          currency={currency}
          onPaid={() => {
            setOpen(false);
            onPaid();
          }}
        />
      </AfterFirstOpen>
    </Dialog>
  );
}
