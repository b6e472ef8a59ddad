"use client";

import { useMutation } from "@tanstack/react-query";
import { CloudDownloadIcon, TableIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Input, NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { StatementUpload } from "./statement-upload";
import { addDays } from "@/server/time/local-date.logic";
import { useDayFormat, useReconMethods, useShopToday } from "./use-recon";

/** Kinds whose provider hands out a daily statement through its API. */
const downloadable = new Set(["wechat_pay", "alipay", "paypal", "stripe", "sandbox"]);

/**
 * The import, for those who reconcile: the method the files come from, the drop zone, and the
 * provider's download of one day.
 */
export function ImportCard({
  onImported,
  onMapColumns,
}: {
  onImported: () => void;
  onMapColumns: (methodId: string) => void;
}) {
  const t = useTranslations("reconciliation");
  const id = useId();
  const methods = useReconMethods();
  const [chosen, setChosen] = useState<string | null>(null);
  // With one method there is nothing to choose.
  const only = methods.data?.length === 1 ? methods.data[0]!.id : null;
  const methodId = chosen ?? only;
  const method = methods.data?.find((m) => m.id === methodId);

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("upload.title")}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {methods.data?.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("method.none")}</p>
        ) : (
          <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
            <div className="flex min-w-0 flex-col gap-1.5 sm:w-72">
              <Label htmlFor={`${id}-method`}>{t("method.label")}</Label>
              <NativeSelect
                id={`${id}-method`}
                value={methodId ?? ""}
                onChange={(e) => setChosen(e.target.value || null)}
              >
                <option value="">{t("method.choose")}</option>
                {methods.data?.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </NativeSelect>
            </div>
            {methodId ? (
              <Button variant="outline" onClick={() => onMapColumns(methodId)}>
                <TableIcon aria-hidden />
                {t("mapping.menu")}
              </Button>
            ) : null}
          </div>
        )}
        <StatementUpload
          methodId={methodId}
          disabledReason={methodId ? null : t("method.chooseFirst")}
          onImported={onImported}
          onUnknownLayout={onMapColumns}
        />
        {method && downloadable.has(method.kind) ? (
          <ProviderDownload
            methodId={method.id}
            sandbox={method.kind === "sandbox"}
            onImported={onImported}
          />
        ) : method ? (
          <p className="text-muted-foreground text-sm">{t("download.unsupported")}</p>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** "Download from the provider" for one day: the server fetches the file and imports it. */
function ProviderDownload({
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
