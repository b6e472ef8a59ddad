import { MailIcon, PencilIcon } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { SettingsEditor } from "./settings-editor";
import type { DailyReportEmail } from "./daily-report-email-form";

/**
 * The owner's "e-mail the daily report": on or off (off until chosen) and the local hour it
 * goes out from, drawn here, and its form when the owner chooses to change it. Says so when
 * this server cannot send e-mail at all.
 */
export async function DailyReportEmailCard({
  setting,
}: {
  setting: DailyReportEmail & { mailConfigured: boolean };
}) {
  const t = await getTranslations("reports.email");
  return (
    <Card aria-labelledby="daily-report-email-title">
      <CardHeader variant="tight">
        <CardTitle id="daily-report-email-title" className="flex items-center gap-2">
          <MailIcon className="text-muted-foreground size-5" aria-hidden />
          {t("title")}
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 px-5 pb-5 text-sm">
        <SettingsEditor
          form="dailyReportEmail"
          props={{ saved: { enabled: setting.enabled, hour: setting.hour } }}
          changeLabel={t("change")}
          icon={<PencilIcon aria-hidden />}
        >
          <p className={setting.enabled ? "font-medium" : "text-muted-foreground"}>
            {setting.enabled
              ? t("stateOn", { at: `${String(setting.hour).padStart(2, "0")}:00` })
              : t("stateOff")}
          </p>
        </SettingsEditor>
        {setting.mailConfigured ? null : (
          <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
            {t("notConfigured")}
          </p>
        )}
      </CardContent>
    </Card>
  );
}
