"use client";

import { useEffect, useRef, type FormEvent } from "react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { Button } from "@/app/_components/ui/button";
import { Field } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import { useStepUpFirst } from "@/app/_trpc/use-step-up-first";

/**
 * The backup form stays a plain post (the browser streams the file to disk), but the server
 * answers 403 `stepUpRequired` to a session not proven in the last minutes: so it asks
 * first, and posts once the person confirmed it's them. Loaded when the owner asks for a
 * backup (BackupDownload); the passphrase takes the focus, as the button that opened it is gone.
 */
export function BackupForm() {
  const t = useTranslations("backup.download");
  const stepUpFirst = useStepUpFirst();
  const confirmed = useRef(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    if (confirmed.current) {
      confirmed.current = false;
      return;
    }
    e.preventDefault();
    const form = e.currentTarget;
    if (!(await stepUpFirst())) return;
    confirmed.current = true;
    form.requestSubmit();
  }

  return (
    <form
      action="/api/backup"
      method="post"
      className="flex flex-col gap-4"
      onSubmit={(e) => void onSubmit(e)}
    >
      <Field id="backupPassphrase" label={t("passphrase")} hint={t("passphraseHint")}>
        <Input
          ref={first}
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
        <Button type="submit">{t("submit")}</Button>
      </div>
    </form>
  );
}
