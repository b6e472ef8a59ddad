import { DatabaseBackupIcon } from "lucide-react";
import { getTranslations } from "next-intl/server";
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
import { BackupForm } from "./backup-form";
import { BackupScheduleForm } from "./backup-schedule-form";

type Schedule = Parameters<typeof BackupScheduleForm>[0]["schedule"];

/**
 * The owner's backup download. A plain form post: the browser saves the file as it streams
 * in, however large, with no script holding it in memory (BackupForm asks for a step-up first).
 */
export async function BackupCard({
  otherShops,
  schedule,
}: {
  otherShops: number;
  schedule: Schedule;
}) {
  const t = await getTranslations("backup");
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
            <BackupForm>
              <Field id="backupPassphrase" label={t("passphrase")} hint={t("passphraseHint")}>
                <Input
                  id="backupPassphrase"
                  name="passphrase"
                  type="password"
                  autoComplete="new-password"
                  minLength={8}
                  maxLength={1024}
                />
              </Field>
              <p className="text-muted-foreground text-sm">{t("secrets")}</p>
              <div className="flex justify-end">
                <Button type="submit">{t("download")}</Button>
              </div>
            </BackupForm>
            <BackupScheduleForm schedule={schedule} />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
