"use client";

import { Undo2Icon } from "lucide-react";
import { useState } from "react";
import { AfterFirstOpen } from "@/app/_components/ui/after-first-open";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogTrigger } from "@/app/_components/ui/dialog";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import type { RefundablePayment, RefundReason } from "./refund-form";

// The form and its sentences: fetched when the trigger is pointed at, focused or pressed, not
// with the order's page.
const { Lazy: RefundDialogContent, fetchAhead: fetchContentAhead } = lazyWithMessages(
  [
    "orderRefunds.dialog",
    "errors.amountPositive",
    "errors.invalidDate",
    "errors.invalidMonth",
    "errors.reasonRequired",
    "errors.refundRedeemedVoucher",
    "errors.required",
    "errors.tooLong",
  ],
  () => import("./refund-form"),
  (m) => m.RefundDialogContent,
);

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
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild {...fetchContentAhead}>
        <Button
          type="button"
          variant={triggerVariant}
          disabled={payment.amountMinor - payment.refundedMinor <= 0n}
        >
          <Undo2Icon aria-hidden />
          {triggerLabel}
        </Button>
      </DialogTrigger>
      <AfterFirstOpen open={open}>
        <RefundDialogContent
          orderId={orderId}
          payment={payment}
          defaultReason={defaultReason}
          onDone={() => {
            setOpen(false);
            onDone();
          }}
        />
      </AfterFirstOpen>
    </Dialog>
  );
}
