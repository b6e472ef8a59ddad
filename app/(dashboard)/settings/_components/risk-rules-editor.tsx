"use client";

import { PencilIcon } from "lucide-react";
import type { ReactNode } from "react";
import { OpenOnRequest } from "@/app/_components/open-on-request";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import type { RiskSettings } from "@/server/risk/risk-rules.logic";

// The rules' forms and their sentences: fetched when the owner asks to change the rules, not
// with every visit to the settings.
const { Lazy: RuleForms, fetchAhead } = lazyWithMessages(
  ["riskRules.settings"],
  () => import("./risk-rule-forms"),
  (m) => m.RuleForms,
);

/** The rules as they stand (`children`, drawn by the server) until the owner opens their forms. */
export function RiskRulesEditor({
  settings,
  changeLabel,
  children,
}: {
  settings: RiskSettings;
  changeLabel: string;
  children: ReactNode;
}) {
  return (
    <OpenOnRequest
      label={changeLabel}
      icon={<PencilIcon aria-hidden />}
      fetchAhead={fetchAhead}
      opened={<RuleForms settings={settings} />}
    >
      {children}
    </OpenOnRequest>
  );
}
