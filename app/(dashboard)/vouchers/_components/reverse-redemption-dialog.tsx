"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Undo2Icon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
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
import { formatCode } from "@/server/vouchers/voucher-code.logic";

/** 撤销核销: a manager gives a use back, with a reason, after confirming. */
export function ReverseRedemptionDialog({
  redemptionId,
  code,
  onDone,
}: {
  redemptionId: string;
  code: string;
  onDone?: () => void;
}) {
  const t = useTranslations("vouchers.reverse");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const fieldErrors = useFieldErrors();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const reverse = useMutation(
    trpc.vouchers.reverse.mutationOptions({
      onSuccess: () => {
        toast.success(t("done", { code: formatCode(code) }));
        setOpen(false);
        setReason("");
        void queryClient.invalidateQueries(trpc.vouchers.pathFilter());
        onDone?.();
      },
    }),
  );
  const errors = reverse.error ? fieldErrors(reverse.error) : {};
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reverse.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <Undo2Icon aria-hidden />
          {t("action")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={t("keep")}>
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            reverse.mutate({ redemptionId, reason });
          }}
        >
          <DialogHeader>
            <DialogTitle>{t("title", { code: formatCode(code) })}</DialogTitle>
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
          {reverse.error && !errors.reason ? (
            <p role="alert" className="text-destructive text-sm">
              {errorMessage(reverse.error)}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              {t("keep")}
            </Button>
            <Button type="submit" variant="destructive" disabled={reverse.isPending}>
              {t("confirm")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
