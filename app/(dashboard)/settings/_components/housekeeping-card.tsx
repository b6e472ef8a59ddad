"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog, confirmOpenerProps } from "@/app/_components/ui/confirm-dialog";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { Field } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { rawRetentionDays } from "@/server/housekeeping/housekeeping.logic";
import { useShopTime } from "../../_lib/use-shop-time";

/**
 * The owner's housekeeping: how long raw provider bodies and sent customer messages are
 * kept, and a reset of the practice shop (idle ones are cleared by a job anyway).
 */
export function HousekeepingCard({
  retentionDays,
  practice,
}: {
  retentionDays: number;
  practice: { orders: number; lastOrderAt: Date | null; idleDays: number } | null;
}) {
  const t = useTranslations("settings.housekeeping");
  const router = useRouter();
  const trpc = useTRPC();
  const time = useShopTime();
  const errorMessage = useErrorMessage();
  const [days, setDays] = useState(String(retentionDays));
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const save = useMutation(
    trpc.merchant.updateRetention.mutationOptions({
      onSuccess: () => {
        toast.success(t("saved"));
        router.refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const reset = useMutation(
    trpc.merchant.resetPractice.mutationOptions({
      onSuccess: (result) => {
        toast.success(t("practiceResetDone", { orders: result.deletedOrders }));
        router.refresh();
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const n = Number(days.trim());
    if (!Number.isInteger(n) || n < rawRetentionDays.min || n > rawRetentionDays.max) {
      setError(t("invalid", rawRetentionDays));
      return;
    }
    setError(null);
    save.mutate({ days: n });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        <form
          onSubmit={onSubmit}
          noValidate
          className="flex flex-col gap-4 sm:flex-row sm:items-end"
        >
          <div className="flex-1">
            <Field
              id="retentionDays"
              label={t("retention")}
              hint={t("retentionHint", rawRetentionDays)}
              error={error ?? undefined}
            >
              <Input
                id="retentionDays"
                inputMode="numeric"
                autoComplete="off"
                value={days}
                disabled={save.isPending}
                onChange={(e) => {
                  setDays(e.target.value);
                  setError(null);
                }}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? "retentionDays-error" : "retentionDays-hint"}
              />
            </Field>
          </div>
          <Button type="submit" disabled={save.isPending} className="sm:mb-6">
            {save.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
            {t("save")}
          </Button>
        </form>

        <section
          aria-labelledby="practice-heading"
          className="flex flex-col gap-3 border-t pt-4 sm:flex-row sm:items-center sm:justify-between"
        >
          <div className="flex flex-col gap-1 text-sm">
            <h3 id="practice-heading" className="font-medium">
              {t("practiceTitle")}
            </h3>
            <p className="text-muted-foreground">
              {practice === null
                ? t("practiceNone")
                : practice.lastOrderAt === null
                  ? t("practiceEmpty", { days: practice.idleDays })
                  : t("practiceStatus", {
                      orders: practice.orders,
                      at: time.dateTime(practice.lastOrderAt),
                      days: practice.idleDays,
                    })}
            </p>
          </div>
          {practice && practice.orders > 0 ? (
            <>
              <Button
                variant="outline"
                className="w-full sm:w-auto"
                disabled={reset.isPending}
                aria-haspopup="dialog"
                aria-expanded={confirming}
                onClick={() => setConfirming(true)}
                {...confirmOpenerProps}
              >
                {reset.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
                {t("practiceReset")}
              </Button>
              <ConfirmDialog
                open={confirming}
                onOpenChange={setConfirming}
                title={t("practiceResetTitle")}
                description={t("practiceResetBody", { orders: practice.orders })}
                cancel={t("cancel")}
                action={
                  <Button
                    variant="destructive"
                    onClick={() => {
                      setConfirming(false);
                      reset.mutate();
                    }}
                  >
                    {t("practiceResetConfirm")}
                  </Button>
                }
              />
            </>
          ) : null}
        </section>
      </CardContent>
    </Card>
  );
}
