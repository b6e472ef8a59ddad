"use client";

import { useMutation } from "@tanstack/react-query";
import { CopyIcon, KeyRoundIcon, LoaderCircleIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "@/app/_components/ui/badge";
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
import { Field, invalidProps } from "@/app/_components/ui/field";
import { fieldClass, Input, NativeSelect } from "@/app/_components/ui/input";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { PaymentMethod, RouterInputs } from "../../_lib/router-types";
import { AddressWarnings } from "./method-readiness";

type CredentialsInput = RouterInputs["paymentMethods"]["setCredentials"];
type ProviderKind = CredentialsInput["kind"];

/** A field as the provider's console names it: an id (shown back) or a key (never shown back). */
type FieldSpec =
  | { name: string; type: "text"; optional?: boolean }
  | { name: string; type: "select"; options: readonly string[] }
  | { name: string; type: "pem" | "secret" };

/** The fields each provider's console gives the merchant, in the order it gives them. */
const fieldsByKind: Record<ProviderKind, readonly FieldSpec[]> = {
  alipay: [
    { name: "appId", type: "text" },
    { name: "sellerId", type: "text", optional: true },
    { name: "product", type: "select", options: ["precreate", "page"] },
    { name: "privateKeyPem", type: "pem" },
    { name: "alipayPublicKeyPem", type: "pem" },
  ],
  wechat_pay: [
    { name: "appId", type: "text" },
    { name: "mchId", type: "text" },
    { name: "merchantSerialNo", type: "text" },
    { name: "privateKeyPem", type: "pem" },
    { name: "platformPublicKeyPem", type: "pem" },
    { name: "platformSerial", type: "text", optional: true },
    { name: "apiV3Key", type: "secret" },
  ],
  paypal: [
    { name: "clientId", type: "text" },
    { name: "clientSecret", type: "secret" },
    { name: "webhookId", type: "text" },
  ],
  stripe: [
    { name: "secretKey", type: "secret" },
    { name: "webhookSecret", type: "secret" },
  ],
};

export function isProviderKind(kind: string): kind is ProviderKind {
  return Object.hasOwn(fieldsByKind, kind);
}

/** The notify URL to paste into the provider's console, with a copy button. */
function NotifyUrl({ url }: { url: string }) {
  const t = useTranslations("paymentMethods.connection");
  const input = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      toast.success(t("copied"));
    } catch {
      // No clipboard outside a secure context: select the text for a manual copy.
      input.current?.select();
      toast.message(t("copyManually"));
    }
  }
  return (
    <Field id="notifyUrl" label={t("notifyUrl")} hint={t("notifyUrlHint")}>
      <div className="flex gap-2">
        <Input
          ref={input}
          id="notifyUrl"
          readOnly
          value={url}
          className="font-mono text-xs"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button type="button" variant="outline" onClick={() => void copy()}>
          <CopyIcon aria-hidden />
          {t("copy")}
        </Button>
      </div>
    </Field>
  );
}

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
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const fieldErrorsOf = useFieldErrors();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const setup = method.provider;
  const save = useMutation(
    trpc.paymentMethods.setCredentials.mutationOptions({
      onSuccess: () => {
        toast.success(t("saved"));
        setOpen(false);
        onSaved();
      },
      onError: (err) => {
        const byField = fieldErrorsOf(err);
        const message = errorMessage(err);
        // A key that does not parse is refused next to its field, in the user's language.
        const field = (err as { data?: { details?: { field?: unknown } | null } }).data?.details
          ?.field;
        if (typeof field === "string") byField[field] = message;
        setErrors(byField);
        setFormError(message);
      },
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const values: Record<string, string> = {};
    for (const f of fieldsByKind[method.kind])
      values[f.name] = String(form.get(f.name) ?? "").trim();
    setErrors({});
    setFormError(null);
    save.mutate({ id: method.id, kind: method.kind, ...values } as CredentialsInput);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setErrors({});
        setFormError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={t("openNamed", { label: method.label })}>
          <KeyRoundIcon aria-hidden />
          {t("open")}
        </Button>
      </DialogTrigger>
      <DialogContent
        closeLabel={tCommon("close")}
        className="max-h-[90dvh] max-w-xl overflow-y-auto"
      >
        <DialogHeader>
          <DialogTitle>{t("title", { label: method.label })}</DialogTitle>
          <DialogDescription>{t(`intro.${method.kind}`)}</DialogDescription>
        </DialogHeader>
        <form
          id={`connection-${method.id}`}
          className="flex flex-col gap-4"
          onSubmit={onSubmit}
          noValidate
        >
          {setup ? <NotifyUrl url={setup.notifyUrl} /> : null}
          {setup ? <AddressWarnings issues={setup.addressIssues} /> : null}
          <p className="text-muted-foreground text-sm">
            {t("mode", { mode: t(`modes.${method.mode}`) })}
          </p>
          {fieldsByKind[method.kind].map((f) => {
            const label = t(`fields.${f.name}`);
            // A field two providers share may need a hint of its own (WeChat's app id is wx…).
            const hint = t.has(`hints.${method.kind}_${f.name}`)
              ? t(`hints.${method.kind}_${f.name}`)
              : t(`hints.${f.name}`);
            if (f.type === "text" || f.type === "select") {
              const value = setup?.config[f.name] ?? "";
              return (
                <Field key={f.name} id={f.name} label={label} hint={hint} error={errors[f.name]}>
                  {f.type === "select" ? (
                    <NativeSelect id={f.name} name={f.name} defaultValue={value || f.options[0]}>
                      {f.options.map((o) => (
                        <option key={o} value={o}>
                          {t(`options.${o}`)}
                        </option>
                      ))}
                    </NativeSelect>
                  ) : (
                    <Input
                      id={f.name}
                      name={f.name}
                      defaultValue={value}
                      autoComplete="off"
                      spellCheck={false}
                      {...invalidProps(errors, f.name)}
                    />
                  )}
                </Field>
              );
            }
            const isSet = setup?.secretsSet[f.name] === true;
            return (
              <Field
                key={f.name}
                id={f.name}
                label={label}
                hint={isSet ? t("keepHint") : hint}
                error={errors[f.name]}
              >
                <Badge variant={isSet ? "secondary" : "outline"} className="w-fit">
                  {isSet ? t("configured") : t("notSet")}
                </Badge>
                {f.type === "pem" ? (
                  <textarea
                    id={f.name}
                    name={f.name}
                    rows={4}
                    autoComplete="off"
                    spellCheck={false}
                    placeholder={isSet ? t("replacePlaceholder") : "-----BEGIN …-----"}
                    className={cn(fieldClass, "h-auto min-h-24 py-2 font-mono text-xs")}
                    {...invalidProps(errors, f.name)}
                  />
                ) : (
                  <Input
                    id={f.name}
                    name={f.name}
                    type="password"
                    autoComplete="new-password"
                    placeholder={isSet ? t("replacePlaceholder") : ""}
                    {...invalidProps(errors, f.name)}
                  />
                )}
              </Field>
            );
          })}
          {formError ? (
            <p role="alert" className="text-destructive text-sm">
              {formError}
            </p>
          ) : null}
        </form>
        <DialogFooter>
          <Button type="submit" form={`connection-${method.id}`} disabled={save.isPending}>
            {save.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
            {t("save")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
