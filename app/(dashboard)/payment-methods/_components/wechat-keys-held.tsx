"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { Trash2Icon } from "lucide-react";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog, confirmOpenerProps } from "@/app/_components/ui/confirm-dialog";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

/** One platform key held: the public key by its ID, or a certificate by serial and expiry. */
type HeldKey = { serial: string; name: string; detail: string | null; expired: boolean };

/**
 * The WeChat Pay platform keys a method holds, each removable on its own (a blank field on
 * save keeps a key, so the form cannot remove one): once the last certificate expires, the
 * owner drops it and keeps the public key, or the other way round.
 */
export function WechatKeysHeld({
  methodId,
  onPublicKeyRemoved,
}: {
  methodId: string;
  onPublicKeyRemoved: () => void;
}) {
  const t = useTranslations("methodConnection.held");
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const held = useQuery(trpc.paymentMethods.wechatKeys.queryOptions({ id: methodId }));
  const [removing, setRemoving] = useState<HeldKey | null>(null);
  // When the dialog opened: whether a certificate has expired need not tick while it is open.
  const [now] = useState(() => Date.now());
  const remove = useMutation(
    trpc.paymentMethods.removeWechatKey.mutationOptions({
      onSuccess: (_done, { serial }) => {
        toast.success(t("removed", { serial }));
        if (serial === held.data?.publicKeyId) onPublicKeyRemoved();
        setRemoving(null);
        void held.refetch();
        // The card's setup state changes: the method must pass a connection check again.
        void queryClient.invalidateQueries({ queryKey: trpc.paymentMethods.list.queryKey() });
      },
    }),
  );
  if (!held.data) return null;
  const keys: HeldKey[] = [
    ...(held.data.publicKeyId
      ? [{ serial: held.data.publicKeyId, name: t("publicKey"), detail: null, expired: false }]
      : []),
    ...held.data.certificates.map((c) => {
      const expired = c.expiresAt !== null && c.expiresAt.getTime() < now;
      const date = c.expiresAt ? format.dateTime(c.expiresAt, { dateStyle: "medium" }) : null;
      return {
        serial: c.serial,
        name: t("certificate"),
        detail: date ? t(expired ? "expired" : "expires", { date }) : null,
        expired,
      };
    }),
  ];
  if (keys.length === 0) return null;
  return (
    <section aria-labelledby={`held-${methodId}`} className="flex flex-col gap-2">
      <h3 id={`held-${methodId}`} className="text-sm font-medium">
        {t("title")}
      </h3>
      <ul className="flex flex-col gap-2">
        {keys.map((k) => (
          <li
            key={k.serial}
            className="flex flex-wrap items-center justify-between gap-2 rounded-md border p-2 text-sm"
          >
            <div className="flex min-w-0 flex-col">
              <span>{k.name}</span>
              <code className="font-mono text-xs break-all">{k.serial}</code>
              {k.detail ? (
                <span
                  className={
                    k.expired ? "text-destructive text-xs" : "text-muted-foreground text-xs"
                  }
                >
                  {k.detail}
                </span>
              ) : null}
            </div>
            <Button
              type="button"
              variant="outline"
              size="sm"
              aria-label={t("removeNamed", { name: k.name, serial: k.serial })}
              aria-haspopup="dialog"
              onClick={() => {
                remove.reset();
                setRemoving(k);
              }}
              {...confirmOpenerProps}
            >
              <Trash2Icon aria-hidden />
              {t("remove")}
            </Button>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) setRemoving(null);
        }}
        title={t("confirmTitle", { name: removing?.name ?? "" })}
        description={t("confirmBody", { serial: removing?.serial ?? "" })}
        cancel={t("keep")}
        action={
          <Button
            variant="destructive"
            disabled={remove.isPending}
            onClick={() => removing && remove.mutate({ id: methodId, serial: removing.serial })}
          >
            {t("confirm")}
          </Button>
        }
      >
        {remove.error ? (
          <p role="alert" className="text-destructive text-sm">
            {errorMessage(remove.error)}
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
