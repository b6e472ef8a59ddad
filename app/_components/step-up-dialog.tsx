"use client";

import { useMutation, useQuery } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/app/_components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/app/_components/ui/dialog";
import { Field } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { registerStepUpPrompt } from "@/app/_trpc/step-up";

/**
 * "Confirm it's you", mounted once beside the console's data layer: opened by withStepUp
 * (app/_trpc/step-up.ts) when a sensitive action is refused with `stepUpRequired`, and by `useStepUp` for the few
 * actions outside tRPC (the backup download). Password, or a code when two-factor is on.
 */
export function StepUpDialog({
  firstAsk,
}: {
  /** The request that loaded the dialog (see StepUpPrompt): it opens asking that one. */
  firstAsk?: (confirmed: boolean) => void;
}) {
  const t = useTranslations("stepUp");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [open, setOpen] = useState(firstAsk !== undefined);
  const [withCode, setWithCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const settle = useRef<((confirmed: boolean) => void) | null>(firstAsk ?? null);

  useEffect(() => {
    registerStepUpPrompt(
      () =>
        new Promise<boolean>((resolve) => {
          settle.current = resolve;
          setError(null);
          setWithCode(false);
          setOpen(true);
        }),
    );
    return () => registerStepUpPrompt(null);
  }, []);

  const me = useQuery({ ...trpc.me.get.queryOptions(), enabled: open });
  const twoFactorOn = me.data?.user.twoFactorEnabled === true;

  const confirm = useMutation(
    trpc.account.stepUp.mutationOptions({
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function finish(confirmed: boolean) {
    setOpen(false);
    settle.current?.(confirmed);
    settle.current = null;
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const answer = String(new FormData(e.currentTarget).get("answer") ?? "");
    if (!answer) return;
    setError(null);
    confirm.mutate(withCode ? { code: answer } : { password: answer }, {
      onSuccess: () => finish(true),
    });
  }

  return (
    <Dialog open={open} onOpenChange={(next) => !next && finish(false)}>
      <DialogContent closeLabel={t("close")}>
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>{withCode ? t("codeHint") : t("passwordHint")}</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
          <Field
            id="step-up-answer"
            label={withCode ? t("code") : t("password")}
            error={error ?? undefined}
          >
            <Input
              key={withCode ? "code" : "password"}
              id="step-up-answer"
              name="answer"
              type={withCode ? "text" : "password"}
              autoComplete={withCode ? "one-time-code" : "current-password"}
              inputMode={withCode ? "text" : undefined}
              autoFocus
              required
            />
          </Field>
          {twoFactorOn && (
            <Button
              type="button"
              variant="link"
              size="inline"
              className="h-10 self-start py-2"
              onClick={() => {
                setError(null);
                setWithCode(!withCode);
              }}
            >
              {withCode ? t("usePassword") : t("useCode")}
            </Button>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => finish(false)}>
              {t("cancel")}
            </Button>
            <Button type="submit" disabled={confirm.isPending}>
              {confirm.isPending && <LoaderCircleIcon className="animate-spin" />}
              {t("confirm")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
