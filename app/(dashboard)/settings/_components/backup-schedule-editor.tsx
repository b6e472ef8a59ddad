"use client";

import { CalendarClockIcon } from "lucide-react";
import type { ReactNode } from "react";
import { OpenOnRequest } from "@/app/_components/open-on-request";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import type { BackupSchedule } from "./backup-schedule-form";

// The schedule's form and its sentences: fetched when the owner asks to change the daily
// backup, not with every visit to the settings.
const { Lazy: BackupScheduleForm, fetchAhead } = lazyWithMessages(
  ["backup.schedule"],
  () => import("./backup-schedule-form"),
  (m) => m.BackupScheduleForm,
);

/** The schedule as it stands (`children`, drawn by the server) until the owner opens its form. */
export function BackupScheduleEditor({
  schedule,
  changeLabel,
  children,
}: {
  schedule: BackupSchedule;
  changeLabel: string;
  children: ReactNode;
}) {
  return (
    <OpenOnRequest
      label={changeLabel}
      icon={<CalendarClockIcon aria-hidden />}
      fetchAhead={fetchAhead}
      opened={<BackupScheduleForm schedule={schedule} />}
    >
      {children}
    </OpenOnRequest>
  );
}
