"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useEffect, useId, useRef, useState } from "react";
import { toast } from "@/app/_components/toast";
import { Checkbox, NativeSelect } from "@/app/_components/ui/input";
import { Button } from "@/app/_components/ui/button";
import { Label } from "@/app/_components/ui/label";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

const hours = Array.from({ length: 24 }, (_, h) => h);

export interface DailyReportEmail {
  enabled: boolean;
  hour: number;
}

/**
 * The owner's "e-mail the daily report": on or off and the local hour it goes out from.
 * Loaded when the owner asks to change it (SettingsEditor); the box takes the focus,
 * as the button that opened the form is gone.
 */
export function DailyReportEmailForm({ saved }: { saved: DailyReportEmail }) {
  const t = useTranslations("reports.email");
  const router = useRouter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const [value, setValue] = useState(saved);
  const save = useMutation(
    trpc.reports.setEmailSetting.mutationOptions({
      onSuccess: () => {
        toast.success(t("saved"));
        router.refresh();
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const changed = value.enabled !== saved.enabled || value.hour !== saved.hour;
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(value);
      }}
    >
      <label className="flex items-start gap-3">
        <Checkbox
          ref={first}
          checked={value.enabled}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setValue({ ...value, enabled: e.target.checked })}
        />
        <span className="font-medium">{t("label")}</span>
      </label>
      <div className="flex flex-col gap-1.5 sm:w-48">
        <Label htmlFor={`${id}-hour`}>{t("hour")}</Label>
        <NativeSelect
          id={`${id}-hour`}
          value={value.hour}
          onChange={(e) => setValue({ ...value, hour: Number(e.target.value) })}
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
      <Button type="submit" className="w-fit" disabled={!changed || save.isPending}>
        {save.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : null}
        {t("save")}
      </Button>
    </form>
  );
}
