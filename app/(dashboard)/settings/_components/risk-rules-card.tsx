import { PencilIcon } from "lucide-react";
import { getTranslations } from "next-intl/server";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { riskRuleNames, type RiskSettings } from "@/server/risk/risk-rules.logic";
import { SettingsEditor } from "./settings-editor";

/**
 * The owner's anomaly rules: which are on, drawn here on the server, and their forms when the
 * owner chooses to change them (most visits to the settings only read them).
 */
export async function RiskRulesCard({ settings }: { settings: RiskSettings }) {
  const t = await getTranslations("riskRules.settings");
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <SettingsEditor
          form="riskRules"
          props={{ settings }}
          changeLabel={t("change")}
          icon={<PencilIcon aria-hidden />}
        >
          <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-2 text-sm">
            {riskRuleNames.map((rule) => (
              <div key={rule} className="contents">
                <dt>{t(`rules.${rule}.name`)}</dt>
                <dd className={settings[rule].enabled ? "font-medium" : "text-muted-foreground"}>
                  {settings[rule].enabled ? t("stateOn") : t("stateOff")}
                </dd>
              </div>
            ))}
          </dl>
        </SettingsEditor>
      </CardContent>
    </Card>
  );
}
