"use client";

import { KeyRoundIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { AfterFirstOpen } from "@/app/_components/ui/after-first-open";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogTrigger } from "@/app/_components/ui/dialog";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import type { ProviderCredentialsInput } from "@/server/connectors/credentials.schema";
import type { PaymentMethod } from "../../_lib/router-types";

type ProviderKind = ProviderCredentialsInput["kind"];

/** Kinds with a real provider behind them: only these have a connection and a live mode. */
const providerKinds: readonly ProviderKind[] = ["alipay", "wechat_pay", "paypal", "stripe"];

export function isProviderKind(kind: string): kind is ProviderKind {
  return (providerKinds as readonly string[]).includes(kind);
}

// The form and its sentences: fetched when the trigger is pointed at, focused or pressed, not
// with the methods' page.
const { Lazy: ConnectionDialogContent, fetchAhead: fetchContentAhead } = lazyWithMessages(
  [
    "methodConnection",
    "errors.digitsOnly",
    "errors.hexOnly",
    "errors.invalidPublicKeyId",
    "errors.invalidPublishableKey",
    "errors.required",
    "errors.tooLong",
  ],
  () => import("./connection-form"),
  (m) => m.ConnectionDialogContent,
);

/**
 * The provider connection of a method: the ids and keys from the provider's console. Keys
 * are never shown back: a set key says "configured", and typing a new one replaces it.
 */
export function ConnectionDialog({
  method,
  onSaved,
}: {
  method: PaymentMethod & { kind: ProviderKind };
  onSaved: () => void;
}) {
  const t = useTranslations("paymentMethods.connection");
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild {...fetchContentAhead}>
        <Button variant="outline" size="sm" aria-label={t("openNamed", { label: method.label })}>
          <KeyRoundIcon aria-hidden />
          {t("open")}
        </Button>
      </DialogTrigger>
      <AfterFirstOpen open={open}>
        <ConnectionDialogContent
          method={method}
          onSaved={() => {
            setOpen(false);
            onSaved();
          }}
        />
      </AfterFirstOpen>
    </Dialog>
  );
}
