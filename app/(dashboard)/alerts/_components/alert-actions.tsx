"use client";

import { useMutation, useQueryClient } from "@/app/_trpc/query-hooks";
import { CheckCheckIcon, EyeIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import { NoteDialog } from "@/app/_components/note-dialog";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

/** Every query an alert's move changes: the console, the badge, Home, the failures page's spikes. */
function useAlertsChanged() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.alerts.pathFilter()),
      queryClient.invalidateQueries(trpc.home.pathFilter()),
      queryClient.invalidateQueries(trpc.failures.spikeAlerts.pathFilter()),
    ]);
}

/** "I am on it": the alert leaves the badge and stays open in the console until resolved. */
export function AcknowledgeButton({ alertId }: { alertId: string }) {
  const t = useTranslations("alerts.actions");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const changed = useAlertsChanged();
  const acknowledge = useMutation(
    trpc.alerts.acknowledge.mutationOptions({
      onSuccess: async () => {
        toast.success(t("acknowledged"));
        await changed();
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  return (
    <Button
      variant="outline"
      disabled={acknowledge.isPending}
      onClick={() => acknowledge.mutate({ alertId })}
    >
      <EyeIcon aria-hidden />
      {t("acknowledge")}
    </Button>
  );
}

/** Resolving is final and needs a note (what was found or done), confirmed in a dialog. */
export function ResolveAlertDialog({
  alertId,
  size,
}: {
  alertId: string;
  size?: "sm" | "default";
}) {
  const t = useTranslations("alerts.actions");
  const trpc = useTRPC();
  const changed = useAlertsChanged();
  const resolve = useMutation(trpc.alerts.resolve.mutationOptions());
  return (
    <NoteDialog
      trigger={
        <>
          <CheckCheckIcon aria-hidden />
          {t("resolve")}
        </>
      }
      triggerVariant="default"
      triggerSize={size ?? "default"}
      text={{
        title: t("resolveTitle"),
        label: t("note"),
        placeholder: t("notePlaceholder"),
        tooShort: t("noteRequired"),
        cancel: t("cancel"),
        confirm: t("confirm"),
        close: t("close"),
      }}
      description={t("resolveBody")}
      field="note"
      minLength={1}
      maxLength={1000}
      run={async (note) => {
        await resolve.mutateAsync({ alertId, note });
        toast.success(t("resolved"));
        void changed();
      }}
    />
  );
}
