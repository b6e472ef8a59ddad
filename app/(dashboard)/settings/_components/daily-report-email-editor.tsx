"use client";

import { PencilIcon } from "lucide-react";
import type { ReactNode } from "react";
import { OpenOnRequest } from "@/app/_components/open-on-request";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import type { DailyReportEmail } from "./daily-report-email-form";

// The form and its sentences: fetched when the owner asks to change the e-mail, not with
// every visit to the settings.
const { Lazy: DailyReportEmailForm, fetchAhead } = lazyWithMessages(
  ["reports.email"],
  () => import("./daily-report-email-form"),
  (m) => m.DailyReportEmailForm,
);

/** The e-mail as it stands (`children`, drawn by the server) until the owner opens its form. */
export function DailyReportEmailEditor({
  saved,
  changeLabel,
  children,
}: {
  saved: DailyReportEmail;
  changeLabel: string;
  children: ReactNode;
}) {
  return (
    <OpenOnRequest
      label={changeLabel}
      icon={<PencilIcon aria-hidden />}
      fetchAhead={fetchAhead}
      opened={<DailyReportEmailForm saved={saved} />}
    >
      {children}
    </OpenOnRequest>
  );
}
