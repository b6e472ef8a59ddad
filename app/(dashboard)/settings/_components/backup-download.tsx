"use client";

import { DownloadIcon } from "lucide-react";
import { OpenOnRequest } from "@/app/_components/open-on-request";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";

// The download's form and its sentences: fetched when the owner asks for a backup, not with
// every visit to the settings.
const { Lazy: BackupForm, fetchAhead } = lazyWithMessages(
  ["backup.download"],
  () => import("./backup-form"),
  (m) => m.BackupForm,
);

export function BackupDownload({ openLabel }: { openLabel: string }) {
  return (
    <OpenOnRequest
      label={openLabel}
      icon={<DownloadIcon aria-hidden />}
      variant="default"
      fetchAhead={fetchAhead}
      opened={<BackupForm />}
    />
  );
}
