"use client";

import type { ComponentProps, ComponentType, ReactNode } from "react";
import { OpenOnRequest } from "@/app/_components/open-on-request";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";

// The settings' forms that most visits only read about, each with its sentences: fetched when
// the owner asks to change what its card shows, not with every visit to the settings.
const forms = {
  riskRules: lazyWithMessages(
    ["riskRules.settings"],
    () => import("./risk-rule-forms"),
    (m) => m.RuleForms,
  ),
  dailyReportEmail: lazyWithMessages(
    ["reports.email"],
    () => import("./daily-report-email-form"),
    (m) => m.DailyReportEmailForm,
  ),
  backupSchedule: lazyWithMessages(
    ["backup.schedule"],
    () => import("./backup-schedule-form"),
    (m) => m.BackupScheduleForm,
  ),
};

type Forms = typeof forms;
/** One of the forms, by name, with the props it takes. */
type FormAndProps = {
  [K in keyof Forms]: { form: K; props: ComponentProps<Forms[K]["Lazy"]> };
}[keyof Forms];

/**
 * What a card's setting is now (`children`, drawn by the server) and a button with `icon` and
 * `changeLabel`, until the owner presses it; then the `form` named, given `props`.
 */
export function SettingsEditor({
  form,
  props,
  changeLabel,
  icon,
  children,
}: FormAndProps & { changeLabel: string; icon: ReactNode; children: ReactNode }) {
  const { Lazy, fetchAhead } = forms[form];
  // forms[form] is any of the three to the type checker; FormAndProps ties it to `props`.
  const Form = Lazy as ComponentType<typeof props>;
  return (
    <OpenOnRequest
      label={changeLabel}
      icon={icon}
      fetchAhead={fetchAhead}
      opened={<Form {...props} />}
    >
      {children}
    </OpenOnRequest>
  );
}
