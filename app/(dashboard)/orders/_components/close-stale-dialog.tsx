"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useId, useState } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

const defaultHours = 4;
const maxHours = 24 * 30;

/**
 * Owner and manager: close every pending order older than N hours as expired (the job would
 * do it after 24 hours). The count is asked for first; orders with an open payment request
 * are left alone, since a customer may be paying them. Opened by close-stale-orders.tsx.
 */
export function CloseStaleDialog({
  open,
  onOpenChange: setOpen,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("staleOrders");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const inputId = useId();
  const [typed, setTyped] = useState(String(defaultHours));
  const hours = Number(typed);
  const valid = Number.isInteger(hours) && hours >= 1 && hours <= maxHours;

  const count = useQuery(
    trpc.orders.countStale.queryOptions(
      { olderThanHours: valid ? hours : defaultHours },
      { enabled: open && valid },
    ),
  );
  const close = useMutation(
    trpc.orders.closeStale.mutationOptions({
      onSuccess: (result) => {
        toast.success(t("done", { count: result.closed }));
        if (result.skipped > 0) toast.info(t("skipped", { count: result.skipped }));
        setOpen(false);
        void queryClient.invalidateQueries({ queryKey: trpc.orders.list.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.orders.countStale.pathKey() });
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );

  const n = count.data ?? 0;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      title={t("title")}
      description={t("body")}
      cancel={t("keep")}
      action={
        <Button
          variant="destructive"
          disabled={!valid || count.isPending || n === 0 || close.isPending}
          onClick={() => close.mutate({ olderThanHours: hours })}
        >
          {t("confirm", { count: n })}
        </Button>
      }
    >
      <div className="flex flex-col gap-2">
        <Label htmlFor={inputId}>{t("olderThan")}</Label>
        <div className="flex items-center gap-2">
          <Input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={1}
            max={maxHours}
            step={1}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            aria-invalid={!valid}
            aria-describedby={`${inputId}-count`}
            variant="bare"
            className="h-10 w-28 text-base md:text-sm"
          />
          <span className="text-muted-foreground text-sm">{t("hours")}</span>
        </div>
        <p id={`${inputId}-count`} className="text-sm" aria-live="polite">
          {!valid
            ? t("invalidHours", { max: maxHours })
            : count.isPending
              ? t("counting")
              : t("count", { count: n })}
        </p>
      </div>
    </ConfirmDialog>
  );
}
