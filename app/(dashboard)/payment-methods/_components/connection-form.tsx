"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { CopyIcon, LoaderCircleIcon, TriangleAlertIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useRef } from "react";
import { toast } from "@/app/_components/toast";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import {
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/app/_components/ui/dialog";
import { Field } from "@/app/_components/ui/field";
import { FormField, ServerAlert } from "@/app/_components/ui/form";
import { fieldBoxClass, Input, NativeSelect } from "@/app/_components/ui/input";
import { cn } from "@/app/_lib/cn";
import { useCheckedForm } from "@/app/_lib/use-checked-form";
import { useTRPC } from "@/app/_trpc/client";
import type { ProviderCredentialsInput } from "@/server/connectors/credentials.schema";
import type { PaymentMethod } from "../../_lib/router-types";
import { WechatKeysHeld } from "./wechat-keys-held";

type ProviderKind = ProviderCredentialsInput["kind"];
/** The form as typed: the method's id and kind, and each of its provider's fields as text. */
type CredentialsTyped = Record<string, string>;

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
    { name: "appCertPem", type: "pem" },
    { name: "alipayRootCertPem", type: "pem" },
  ],
  wechat_pay: [
    { name: "appId", type: "text" },
    { name: "mchId", type: "text" },
    { name: "merchantSerialNo", type: "text" },
    { name: "privateKeyPem", type: "pem" },
    { name: "platformPublicKeyPem", type: "pem" },
    { name: "platformSerial", type: "text", optional: true },
    { name: "platformCertificatesPem", type: "pem" },
    { name: "apiV3Key", type: "secret" },
  ],
  paypal: [
    { name: "clientId", type: "text" },
    { name: "clientSecret", type: "secret" },
    { name: "webhookId", type: "text" },
  ],
  stripe: [
    { name: "publishableKey", type: "text" },
    { name: "secretKey", type: "secret" },
    { name: "webhookSecret", type: "secret" },
  ],
};

/** The notify URL to paste into the provider's console, with a copy button. */
function NotifyUrl({ url }: { url: string }) {
  const t = useTranslations("methodConnection");
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
          variant="bare"
          className="h-10 w-full font-mono text-xs md:text-sm"
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

/** A method's connection dialog's content (ConnectionDialog loads it at its first opening). */
export function ConnectionDialogContent({
  method,
  onSaved,
}: {
  method: PaymentMethod & { kind: ProviderKind };
  onSaved: () => void;
}) {
  const t = useTranslations("methodConnection");
  const tCommon = useTranslations("common");
  return (
    <DialogContent closeLabel={tCommon("close")} size="wide">
      <DialogHeader>
        <DialogTitle>{t("title", { label: method.label })}</DialogTitle>
        <DialogDescription>{t(`intro.${method.kind}`)}</DialogDescription>
      </DialogHeader>
      {/* Mounted with the dialog, so each opening starts from what is saved. */}
      <ConnectionForm method={method} onSaved={onSaved} />
    </DialogContent>
  );
}

function ConnectionForm({
  method,
  onSaved,
}: {
  method: PaymentMethod & { kind: ProviderKind };
  onSaved: () => void;
}) {
  const t = useTranslations("methodConnection");
  const trpc = useTRPC();
  const setup = method.provider;
  const fields = fieldsByKind[method.kind];
  const form = useCheckedForm<CredentialsTyped, ProviderCredentialsInput>(
    // Ids as saved (a select's first option when unset); keys blank, which keeps them.
    Object.fromEntries([
      ["id", method.id],
      ["kind", method.kind],
      ...fields.map((f) => [
        f.name,
        f.type === "text" || f.type === "select"
          ? setup?.config[f.name] || (f.type === "select" ? f.options[0] : "")
          : "",
      ]),
    ]) as CredentialsTyped,
    // zod and the credentials schema come with the dialog, not with the methods' page.
    () =>
      import("@/server/connectors/credentials.schema").then(
        ({ providerCredentialsInput }) =>
          (values) =>
            providerCredentialsInput.safeParse(values),
      ),
  );
  const save = useMutation(
    trpc.paymentMethods.setCredentials.mutationOptions({
      onSuccess: () => {
        toast.success(t("saved"));
        onSaved();
      },
      onError: form.serverError,
    }),
  );

  return (
    <>
      <form
        id={`connection-${method.id}`}
        className="flex flex-col gap-4"
        onSubmit={(e) => void form.handleSubmit((input) => save.mutate(input))(e)}
        noValidate
      >
        {setup ? <NotifyUrl url={setup.notifyUrl} /> : null}
        {setup ? <AddressWarnings issues={setup.addressIssues} /> : null}
        <p className="text-muted-foreground text-sm">
          {t("mode", { mode: t(`modes.${method.mode}`) })}
        </p>
        {fields.map((f) => {
          const name = f.name;
          const label = t(`fields.${f.name}`);
          // A field two providers share may need a hint of its own (WeChat's app id is wx…).
          const hint = t.has(`hints.${method.kind}_${f.name}`)
            ? t(`hints.${method.kind}_${f.name}`)
            : t(`hints.${f.name}`);
          if (f.type === "select") {
            return (
              <FormField key={f.name} form={form} name={name} label={label} hint={hint}>
                {(control) => (
                  <NativeSelect {...control}>
                    {f.options.map((o) => (
                      <option key={o} value={o}>
                        {t(`options.${o}`)}
                      </option>
                    ))}
                  </NativeSelect>
                )}
              </FormField>
            );
          }
          if (f.type === "text") {
            return (
              <FormField key={f.name} form={form} name={name} label={label} hint={hint}>
                {(control) => <Input {...control} autoComplete="off" spellCheck={false} />}
              </FormField>
            );
          }
          const isSet = setup?.secretsSet[f.name] === true;
          return (
            <FormField
              key={f.name}
              form={form}
              name={name}
              label={label}
              hint={isSet ? t("keepHint") : hint}
            >
              {(control) => (
                <>
                  <Badge variant={isSet ? "secondary" : "outline"} className="w-fit">
                    {isSet ? t("configured") : t("notSet")}
                  </Badge>
                  {f.type === "pem" ? (
                    <textarea
                      {...control}
                      rows={4}
                      autoComplete="off"
                      spellCheck={false}
                      placeholder={isSet ? t("replacePlaceholder") : "-----BEGIN …-----"}
                      className={cn(fieldBoxClass, "h-auto min-h-24 font-mono text-xs md:text-sm")}
                    />
                  ) : (
                    <Input
                      {...control}
                      type="password"
                      autoComplete="new-password"
                      placeholder={isSet ? t("replacePlaceholder") : ""}
                    />
                  )}
                </>
              )}
            </FormField>
          );
        })}
        {method.kind === "wechat_pay" ? (
          <WechatKeysHeld
            methodId={method.id}
            onPublicKeyRemoved={() => {
              // The public key's ID goes with the key: a save after removing it sends none.
              form.set("platformSerial", "");
            }}
          />
        ) : null}
        <ServerAlert message={form.serverMessage} />
      </form>
      <DialogFooter>
        <Button type="submit" form={`connection-${method.id}`} disabled={save.isPending}>
          {save.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
          {t("save")}
        </Button>
      </DialogFooter>
    </>
  );
}

/** Under the notify URL: why a provider may not reach it, and how to fix that. */
function AddressWarnings({ issues }: { issues: readonly string[] }) {
  const t = useTranslations("methodConnection.address");
  if (issues.length === 0) return null;
  return (
    <div
      role="note"
      className="flex flex-col gap-1.5 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
    >
      <p className="flex items-center gap-1.5 font-medium">
        <TriangleAlertIcon className="size-4 shrink-0" aria-hidden />
        {t("title")}
      </p>
      <ul className="list-disc ps-5">
        {issues.map((i) => (
          <li key={i}>{t(i as "noAppUrl" | "notHttps" | "notPublic")}</li>
        ))}
      </ul>
    </div>
  );
}
