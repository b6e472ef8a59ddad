"use client";

import { TableIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useId, useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { NativeSelect } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { ProviderDownload } from "./provider-download";
import { StatementUpload } from "./statement-upload";
import { useReconMethods } from "./use-recon";

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
  const only = methods.data?.length === 1 ? (methods.data[0]?.id ?? null) : null;
  const methodId = chosen ?? only;
  const kind = methods.data?.find((m) => m.id === methodId)?.kind;

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
        {methodId ? (
          <ProviderDownload
            key={methodId}
            methodId={methodId}
            sandbox={kind === "sandbox"}
            onImported={onImported}
          />
        ) : null}
      </CardContent>
    </Card>
  );
}
