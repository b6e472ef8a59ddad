"use client";

import { useMutation, useQueryClient } from "@/app/_trpc/query-hooks";
import { UserXIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useId, useState } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { ConfirmDialog, confirmOpenerProps } from "@/app/_components/ui/confirm-dialog";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

/**
 * The owner erases one customer's data on their request, found by the contact their orders
 * carry (e-mail or phone, however it was typed). Asked twice: this dialog, then "Confirm it's
 * you" (the procedure needs a fresh step-up; the tRPC link opens it). The server audits it.
 */
export function EraseCustomer() {
  const t = useTranslations("analytics.customers.erase");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const id = useId();
  const [contact, setContact] = useState("");
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const typed = contact.trim();
  const erase = useMutation(
    trpc.customers.erase.mutationOptions({
      onSuccess: (result) => {
        toast.success(t("done", { orders: result.orders, feedback: result.feedback }));
        setOpen(false);
        setContact("");
        setError(null);
        void queryClient.invalidateQueries({ queryKey: trpc.analytics.customers.pathKey() });
      },
      onError: (err) => {
        setOpen(false);
        setError(errorMessage(err));
      },
    }),
  );

  return (
    <Card className="flex flex-col gap-3 p-4 md:p-5">
      <h2 className="text-lg font-semibold">{t("title")}</h2>
      <p className="text-muted-foreground text-sm">{t("intro")}</p>
      <form
        className="flex flex-col gap-2 sm:flex-row sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          if (typed.length >= 3) setOpen(true);
          else setError(t("tooShort"));
        }}
      >
        <div className="flex flex-1 flex-col gap-1.5">
          <Label htmlFor={`${id}-contact`}>{t("contact")}</Label>
          <Input
            id={`${id}-contact`}
            value={contact}
            autoComplete="off"
            maxLength={200}
            placeholder={t("placeholder")}
            aria-invalid={error !== null}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => setContact(e.target.value)}
          />
        </div>
        <Button type="submit" variant="outline" {...confirmOpenerProps}>
          <UserXIcon />
          {t("open")}
        </Button>
      </form>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-destructive text-sm">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={t("confirmTitle")}
        description={t("confirmBody", { contact: typed })}
        cancel={t("keep")}
        action={
          <Button
            variant="destructive"
            disabled={erase.isPending}
            onClick={() => erase.mutate({ contact: typed })}
          >
            {t("confirm")}
          </Button>
        }
      />
    </Card>
  );
}
