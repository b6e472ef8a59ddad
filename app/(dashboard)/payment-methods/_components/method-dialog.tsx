"use client";

import { PlusIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type ReactNode } from "react";
import { AfterFirstOpen } from "@/app/_components/ui/after-first-open";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogTrigger } from "@/app/_components/ui/dialog";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import type { PaymentMethod } from "../../_lib/router-types";

// The form and its sentences: fetched when the trigger is pointed at, focused or pressed, not
// with the methods' page.
const { Lazy: MethodDialogContent, fetchAhead: fetchContentAhead } = lazyWithMessages(
  [
    "methodForm",
    "errors.blankName",
    "errors.feeCurrencyNotTaken",
    "errors.feeMinAboveMax",
    "errors.invalidAmount",
    "errors.invalidCurrency",
    "errors.invalidFeeRate",
    "errors.invalidTimeZone",
    "errors.pinFormat",
    "errors.refundWindowRange",
    "errors.required",
    "errors.settlementDelayRange",
    "errors.tooLong",
    "errors.ttlRange",
  ],
  () => import("./method-form"),
  (m) => m.MethodDialogContent,
);

/** Adds a payment method, or edits one when `method` is given. */
export function MethodDialog({
  method,
  defaultCurrency,
  sandboxOffered = false,
  onSaved,
  trigger,
}: {
  method?: PaymentMethod;
  defaultCurrency: string;
  /** A new method may be the sandbox wallet (see MethodsManager). */
  sandboxOffered?: boolean;
  onSaved: () => void;
  trigger?: ReactNode;
}) {
  const t = useTranslations("paymentMethods");
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild {...fetchContentAhead}>
        {trigger ?? (
          <Button>
            <PlusIcon aria-hidden />
            {t("add")}
          </Button>
        )}
      </DialogTrigger>
      <AfterFirstOpen open={open}>
        <MethodDialogContent
          method={method}
          defaultCurrency={defaultCurrency}
          sandboxOffered={sandboxOffered}
          onSaved={() => {
            setOpen(false);
            onSaved();
          }}
        />
      </AfterFirstOpen>
    </Dialog>
  );
}
