"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { CloudDownloadIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useId, useState } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { addDays } from "@/server/time/local-date.logic";
import { useDayFormat, useShopToday } from "./use-recon";

/** "Download from the provider" for one day: the server fetches the file and imports it. */
export function ProviderDownload({
  methodId,
  sandbox,
  onImported,
}: {
  methodId: string;
  sandbox: boolean;
  onImported: () => void;
}) {
  const t = useTranslations("reconciliation.download");
  const trpc = useTRPC();
  const id = useId();
  const dayFormat = useDayFormat();
  const today = useShopToday();
  const errorMessage = useErrorMessage();
  // Yesterday in the shop's calendar: the latest day a provider's statement is ready for.
  const [day, setDay] = useState(() => addDays(today, -1));
  const [error, setError] = useState<string | null>(null);
  const download = useMutation(
    trpc.statements.download.mutationOptions({
      onSuccess: () => {
        setError(null);
        toast.success(t("done", { day: dayFormat(day) }));
        onImported();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  return (
    <div className="flex flex-col gap-2 border-t pt-4">
      <p className="text-sm font-medium">{t("title")}</p>
      <p className="text-muted-foreground text-sm">{sandbox ? t("sandboxHint") : t("hint")}</p>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-day`}>{t("day")}</Label>
          <Input
            id={`${id}-day`}
            type="date"
            value={day}
            required
            onChange={(e) => setDay(e.target.value)}
            className="sm:w-44"
          />
        </div>
        <Button
          variant="outline"
          disabled={!day || download.isPending}
          onClick={() => download.mutate({ methodId, day })}
        >
          <CloudDownloadIcon aria-hidden />
          {sandbox && day ? t("sandbox", { day: dayFormat(day) }) : t("action")}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-destructive text-sm">
          {error}
        </p>
      ) : null}
    </div>
  );
}
