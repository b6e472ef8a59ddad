"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { MailIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useId, useState } from "react";
import { toast } from "@/app/_components/toast";
import { Checkbox, NativeSelect } from "@/app/_components/ui/input";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

const hours = Array.from({ length: 24 }, (_, h) => h);

/**
 * The owner's "e-mail the daily report": on or off (off until chosen) and the local hour it
 * goes out from. Says so when this server cannot send e-mail at all.
 */
export function DailyReportEmailCard() {
  const t = useTranslations("reports.email");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const id = useId();
  const setting = useQuery(trpc.reports.emailSetting.queryOptions());
  const [draft, setDraft] = useState<{ enabled: boolean; hour: number } | null>(null);
  const save = useMutation(
    trpc.reports.setEmailSetting.mutationOptions({
      onSuccess: async () => {
        toast.success(t("saved"));
        setDraft(null);
        await queryClient.invalidateQueries(trpc.reports.emailSetting.pathFilter());
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  if (!setting.data) return null;
  const value = draft ?? { enabled: setting.data.enabled, hour: setting.data.hour };
  const changed = value.enabled !== setting.data.enabled || value.hour !== setting.data.hour;
  return (
    <Card aria-labelledby={`${id}-title`}>
      <CardHeader className="pb-2">
        <CardTitle id={`${id}-title`} className="flex items-center gap-2">
          <MailIcon className="text-muted-foreground size-5" aria-hidden />
          {t("title")}
        </CardTitle>
      </CardHeader>
      <CardContent className="px-5 pb-5 text-sm">
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(value);
          }}
        >
          <label className="flex items-start gap-3">
            <Checkbox
              checked={value.enabled}
              aria-describedby={`${id}-hint`}
              onChange={(e) => setDraft({ ...value, enabled: e.target.checked })}
            />
            <span className="font-medium">{t("label")}</span>
          </label>
          <div className="flex flex-col gap-1.5 sm:w-48">
            <Label htmlFor={`${id}-hour`}>{t("hour")}</Label>
            <NativeSelect
              id={`${id}-hour`}
              value={value.hour}
              onChange={(e) => setDraft({ ...value, hour: Number(e.target.value) })}
            >
              {hours.map((h) => (
                <option key={h} value={h}>
                  {`${String(h).padStart(2, "0")}:00`}
                </option>
              ))}
            </NativeSelect>
          </div>
          <p id={`${id}-hint`} className="text-muted-foreground">
            {t("hint")}
          </p>
          {setting.data.mailConfigured ? null : (
            <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
              {t("notConfigured")}
            </p>
          )}
          <Button type="submit" className="w-fit" disabled={!changed || save.isPending}>
            {t("save")}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
