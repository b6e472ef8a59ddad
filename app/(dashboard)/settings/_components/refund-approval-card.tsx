"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
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
import { minorToMajorString, parseMajorToMinor } from "@/server/money/currency";

/**
 * The owner's refund approval amount: a refund above it waits for the owner, even when a
 * manager asks for it. Empty: managers decide every refund.
 */
export function RefundApprovalCard({
  thresholdMinor,
  currency,
  canEdit,
}: {
  thresholdMinor: bigint | null;
  currency: string;
  canEdit: boolean;
}) {
  const t = useTranslations("settings.refunds");
  const router = useRouter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [text, setText] = useState(
    thresholdMinor === null ? "" : minorToMajorString(thresholdMinor, currency),
  );
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.merchant.updateRefundApproval.mutationOptions({
      onSuccess: () => {
        toast.success(t("saved"));
        router.refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) {
      setError(null);
      save.mutate({ thresholdMinor: null });
      return;
    }
    try {
      const minor = parseMajorToMinor(text, currency);
      if (minor < 0n) throw new RangeError("negative");
      setError(null);
      save.mutate({ thresholdMinor: minor });
    } catch {
      setError(t("invalid"));
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          onSubmit={onSubmit}
          noValidate
          className="flex flex-col gap-4 sm:flex-row sm:items-end"
        >
          <div className="flex-1">
            <Field
              id="refundThreshold"
              label={t("threshold", { currency })}
              hint={t("thresholdHint")}
              error={error ?? undefined}
            >
              <Input
                id="refundThreshold"
                inputMode="decimal"
                autoComplete="off"
                placeholder={t("none")}
                value={text}
                disabled={!canEdit || save.isPending}
                onChange={(e) => {
                  setText(e.target.value);
                  setError(null);
                }}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? "refundThreshold-error" : "refundThreshold-hint"}
              />
            </Field>
          </div>
          {canEdit ? (
            <Button type="submit" disabled={save.isPending} className="sm:mb-6">
              {save.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
              {t("save")}
            </Button>
          ) : null}
        </form>
      </CardContent>
    </Card>
  );
}
