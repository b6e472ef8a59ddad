import { CalendarClockIcon, DatabaseBackupIcon } from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { BackupDownload } from "./backup-download";
import type { BackupSchedule } from "./backup-schedule-form";
import { SettingsEditor } from "./settings-editor";

/**
 * The owner's backup download. A plain form post: the browser saves the file as it streams
 * in, however large, with no script holding it in memory (BackupForm asks for a step-up first);
 * the form comes when the owner asks for it.
 * Below it the daily backup as it stands, drawn here, and its form when the owner chooses to
 * change it (most visits to the settings only read it).
 */
export async function BackupCard({
  otherShops,
  schedule,
}: {
  otherShops: number;
  schedule: BackupSchedule;
}) {
  const t = await getTranslations("backup");
  const format = await getFormatter();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <DatabaseBackupIcon className="size-5" aria-hidden />
          {t("title")}
        </CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        {otherShops > 0 ? (
          <p className="text-muted-foreground text-sm">
            {t("severalShops", { count: otherShops })}
          </p>
        ) : (
          <div className="flex flex-col gap-6">
            <BackupDownload openLabel={t("open")} />
            <section
              aria-labelledby="backup-schedule-title"
              className="flex flex-col gap-4 border-t pt-4"
            >
              <h3 id="backup-schedule-title" className="font-medium">
                {t("schedule.title")}
              </h3>
              <SettingsEditor
                form="backupSchedule"
                props={{ schedule }}
                changeLabel={t("scheduleChange")}
                icon={<CalendarClockIcon aria-hidden />}
              >
                <div className="flex flex-col gap-2 text-sm">
                  <p className={schedule.enabled ? "font-medium" : "text-muted-foreground"}>
                    {schedule.enabled
                      ? t("scheduleOn", {
                          at: `${String(schedule.hour).padStart(2, "0")}:00`,
                          zone: schedule.timeZone,
                          keep: schedule.keep,
                        })
                      : t("scheduleOff")}
                  </p>
                  <p className="text-muted-foreground">
                    {t("schedule.folder", { dir: schedule.dir })}{" "}
                    {schedule.encrypted ? t("schedule.encrypted") : t("schedule.unencrypted")}
                  </p>
                  {schedule.enabled && schedule.nextAt ? (
                    <p>
                      {t("schedule.next", {
                        at: format.dateTime(schedule.nextAt, {
                          dateStyle: "medium",
                          timeStyle: "short",
                          timeZone: schedule.timeZone,
                        }),
                      })}
                    </p>
                  ) : null}
                </div>
              </SettingsEditor>
            </section>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
