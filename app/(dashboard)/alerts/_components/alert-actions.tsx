"use client";

import { useMutation, useQueryClient } from "@/app/_trpc/query-hooks";
import { CheckCheckIcon, EyeIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useId, useState, type FormEvent } from "react";
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
import { NoteField } from "@/app/_components/ui/field";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
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
  const errorMessage = useErrorMessage();
  const fieldErrors = useFieldErrors();
  const changed = useAlertsChanged();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const resolve = useMutation(
    trpc.alerts.resolve.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        toast.success(t("resolved"));
        await changed();
      },
      onError: (err) => setError(fieldErrors(err).note ?? errorMessage(err)),
    }),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!note.trim()) {
      setError(t("noteRequired"));
      return;
    }
    resolve.mutate({ alertId, note: note.trim() });
  }
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setNote("");
        setError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button size={size}>
          <CheckCheckIcon aria-hidden />
          {t("resolve")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={t("close")}>
        <DialogHeader>
          <DialogTitle>{t("resolveTitle")}</DialogTitle>
          <DialogDescription>{t("resolveBody")}</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          <NoteField
            id={`${id}-note`}
            label={t("note")}
            value={note}
            maxLength={1000}
            placeholder={t("notePlaceholder")}
            onChange={(value) => {
              setNote(value);
              setError(null);
            }}
            error={error}
          />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              {t("cancel")}
            </Button>
            <Button type="submit" disabled={resolve.isPending}>
              {t("confirm")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
