"use client";

import type { LucideIcon } from "lucide-react";
import { useState } from "react";
import type { Translator } from "@/app/_i18n/client-intl";
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
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useQueryClient } from "@/app/_trpc/query-hooks";
import { formatCode } from "@/server/vouchers/voucher-code.logic";

/**
 * A destructive voucher action that needs a reason (reverse a redemption, void a voucher):
 * a button, then a dialog that asks why and confirms. The caller owns the mutation; on its
 * success the dialog says so, closes and refreshes what the vouchers screens show.
 */
export function ReasonDialog(props: {
  icon: LucideIcon;
  /** The action's sentences: action, title, body, reason, reasonHint, keep, confirm, done. */
  t: Translator;
  code: string;
  mutation: { isPending: boolean; error: unknown; reset: () => void };
  /** Runs the mutation with the reason, calling `succeeded` on success. */
  run: (reason: string, succeeded: () => void) => void;
  onDone?: () => void;
}) {
  const { icon: Icon, mutation, t } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const fieldErrors = useFieldErrors();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const errors = mutation.error ? fieldErrors(mutation.error) : {};
  const shown = formatCode(props.code);
  const succeeded = () => {
    toast.success(t("done", { code: shown }));
    setOpen(false);
    setReason("");
    void queryClient.invalidateQueries(trpc.vouchers.pathFilter());
    props.onDone?.();
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) mutation.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <Icon aria-hidden />
          {t("action")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={t("keep")}>
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            props.run(reason, succeeded);
          }}
        >
          <DialogHeader>
            <DialogTitle>{t("title", { code: shown })}</DialogTitle>
            <DialogDescription>{t("body")}</DialogDescription>
          </DialogHeader>
          <Field id="reason" label={t("reason")} error={errors.reason} hint={t("reasonHint")}>
            <Input
              id="reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={300}
              required
              {...invalidProps(errors, "reason")}
            />
          </Field>
          {mutation.error && !errors.reason ? (
            <p role="alert" className="text-destructive text-sm">
              {errorMessage(mutation.error)}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              {t("keep")}
            </Button>
            <Button type="submit" variant="destructive" disabled={mutation.isPending}>
              {t("confirm")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
