"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import { Field } from "@/app/_components/ui/field";
import { Checkbox, Input, NativeSelect } from "@/app/_components/ui/input";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

const hours = Array.from({ length: 24 }, (_, h) => h);

export interface BackupSchedule {
  enabled: boolean;
  hour: number;
  keep: number;
  timeZone: string;
  nextAt: Date | null;
  encrypted: boolean;
  dir: string;
}

/**
 * The daily backup: on or off, the local hour (the shop's zone), how many to keep. Written to
 * the server's backup folder, read back to verify, older ones deleted beyond the number kept.
 * Loaded when the owner asks to change it (SettingsEditor); its first field takes the
 * focus, as the button that opened it is gone.
 */
export function BackupScheduleForm({ schedule }: { schedule: BackupSchedule }) {
  const t = useTranslations("backup.schedule");
  const format = useFormatter();
  const router = useRouter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [enabled, setEnabled] = useState(schedule.enabled);
  const [hour, setHour] = useState(schedule.hour);
  const [keep, setKeep] = useState(String(schedule.keep));
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const save = useMutation(
    trpc.merchant.updateBackupSchedule.mutationOptions({
      onSuccess: () => {
        toast.success(t("saved"));
        router.refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const n = Number(keep);
    if (!Number.isInteger(n) || n < 1 || n > 365) {
      setError(t("keepInvalid"));
      return;
    }
    setError(null);
    save.mutate({ enabled, hour, keep: n });
  }

  const at = (h: number) => `${String(h).padStart(2, "0")}:00`;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <label className="flex items-center gap-2 text-sm">
        <Checkbox ref={first} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t("enabled")}
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="backupHour" label={t("hour")} hint={t("hourHint", { zone: schedule.timeZone })}>
          <NativeSelect
            id="backupHour"
            value={hour}
            disabled={!enabled}
            onChange={(e) => setHour(Number(e.target.value))}
          >
            {hours.map((h) => (
              <option key={h} value={h}>
                {at(h)}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="backupKeep" label={t("keep")} hint={t("keepHint")} error={error ?? undefined}>
          <Input
            id="backupKeep"
            inputMode="numeric"
            value={keep}
            disabled={!enabled}
            onChange={(e) => {
              setKeep(e.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
          />
        </Field>
      </div>
      <p className="text-muted-foreground text-sm">
        {t("folder", { dir: schedule.dir })}{" "}
        {schedule.encrypted ? t("encrypted") : t("unencrypted")}
      </p>
      {schedule.enabled && schedule.nextAt ? (
        <p className="text-sm">
          {t("next", {
            at: format.dateTime(schedule.nextAt, {
              dateStyle: "medium",
              timeStyle: "short",
              timeZone: schedule.timeZone,
            }),
          })}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" variant="outline" disabled={save.isPending}>
          {save.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
          {t("save")}
        </Button>
      </div>
    </form>
  );
}
