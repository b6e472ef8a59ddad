"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { SearchCheckIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { toast } from "@/app/_components/toast";
import { Money } from "@/app/_components/money";
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
import { NoteDialog } from "@/app/_components/note-dialog";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { DifferenceRow } from "../_lib/search-params";
import { useReconChanged } from "./use-recon";

type NoteAction = "accepted" | "provider_error" | "fee_rule_corrected";

/** What a manager or the owner can do with an open difference, by its kind. */
export function ResolveActions({ difference }: { difference: DifferenceRow }) {
  const notes: NoteAction[] =
    difference.kind === "fee_mismatch"
      ? ["fee_rule_corrected", "accepted", "provider_error"]
      : ["accepted", "provider_error"];
  return (
    <div className="flex flex-wrap justify-end gap-2">
      {difference.kind === "missing_here" && difference.attemptId ? (
        <ApplyDialog difference={difference} />
      ) : null}
      {notes.map((action) => (
        <NoteResolution key={action} difference={difference} action={action} />
      ))}
    </div>
  );
}

/** Resolves a difference; what it changed is fetched again without holding the dialog open. */
function useResolve(onDone?: () => void, onError?: (err: unknown) => void) {
  const trpc = useTRPC();
  const changed = useReconChanged();
  return useMutation(
    trpc.reconciliation.resolve.mutationOptions({
      onSuccess: () => {
        onDone?.();
        void changed();
      },
      onError,
    }),
  );
}

/**
 * "Ask the provider and apply": the server asks the provider through the usual query path; if
 * the provider confirms, the payment lands exactly once and the line matches.
 */
function ApplyDialog({ difference: d }: { difference: DifferenceRow }) {
  const t = useTranslations("reconciliation.resolve.apply");
  const tRecon = useTranslations("reconciliation");
  const errorMessage = useErrorMessage();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resolve = useResolve(
    () => {
      setOpen(false);
      toast.success(t("done"));
    },
    (err) => setError(errorMessage(err)),
  );
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm">
          <SearchCheckIcon aria-hidden />
          {t("action")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tRecon("close")}>
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>
            {t.rich("body", {
              method: () => <span>{d.methodLabel}</span>,
              amount: () => (
                <strong className="text-foreground">
                  {d.theirAmountMinor === null ? (
                    "—"
                  ) : (
                    <Money minor={d.theirAmountMinor} currency={d.currency} />
                  )}
                </strong>
              ),
            })}
          </DialogDescription>
        </DialogHeader>
        {error ? (
          <p role="alert" className="text-destructive text-sm">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            {tRecon("cancel")}
          </Button>
          <Button
            disabled={resolve.isPending}
            onClick={() => resolve.mutate({ differenceId: d.id, action: "applied_by_query" })}
          >
            {t("confirm")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** Accept, provider's error, fee rule corrected: each needs a note, kept with the name. */
function NoteResolution({
  difference: d,
  action,
}: {
  difference: DifferenceRow;
  action: NoteAction;
}) {
  const t = useTranslations(`reconciliation.resolve.note.${action}`);
  const tResolve = useTranslations("reconciliation.resolve");
  const tRecon = useTranslations("reconciliation");
  const resolve = useResolve();
  return (
    <NoteDialog
      trigger={t("action")}
      text={{
        title: t("title"),
        label: tResolve("noteLabel"),
        tooShort: tResolve("noteRequired"),
        cancel: tRecon("cancel"),
        confirm: t("confirm"),
        close: tRecon("close"),
      }}
      description={t("body")}
      field="note"
      minLength={2}
      maxLength={1000}
      run={async (note) => {
        await resolve.mutateAsync({ differenceId: d.id, action, note });
        toast.success(tResolve("done"));
      }}
    >
      {action === "fee_rule_corrected" ? (
        <PlainLink href="/payment-methods" className="text-primary w-fit text-sm hover:underline">
          {tResolve("feeSettings")}
        </PlainLink>
      ) : null}
    </NoteDialog>
  );
}
