import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/_components/page-header";
import { ActivityIcon, FileClockIcon } from "lucide-react";
import { canEditMerchantSettings, readsAuditLog, runsOperations } from "@/server/auth/roles.logic";
import { serverCaller } from "@/server/trpc/server-caller";
import { requireMerchant } from "../_lib/me";
import { BackupCard } from "./_components/backup-card";
import { DailyReportEmailCard } from "./_components/daily-report-email-card";
import { DemoDataCard } from "./_components/demo-data-card";
import { HousekeepingCard } from "./_components/housekeeping-card";
import { TwoFactorRolesCard } from "./_components/two-factor-roles-card";
import { MerchantSettingsForm } from "./_components/merchant-settings-form";
import { SettingsLinkCard } from "./_components/settings-link-card";
import { RefundApprovalCard } from "./_components/refund-approval-card";
import { RiskRulesCard } from "./_components/risk-rules-card";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("settings") };
}

export default async function SettingsPage() {
  const me = await requireMerchant();
  const settings = await (await serverCaller()).merchant.settings();
  const t = await getTranslations("settings");
  const tOperations = await getTranslations("operations");
  const tAudit = await getTranslations("audit");
  const isOwner = me.merchant.role === "owner";
  const demo = isOwner ? await (await serverCaller()).merchant.demoData() : null;
  const backup = isOwner ? await (await serverCaller()).merchant.backup() : null;
  const housekeeping = isOwner ? await (await serverCaller()).merchant.housekeeping() : null;
  const risk = isOwner ? await (await serverCaller()).risk.settings() : null;
  const reportEmail = isOwner ? await (await serverCaller()).reports.emailSetting() : null;
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <PageHeader title={t("title")} description={t("description")} />
      <MerchantSettingsForm
        initial={{
          name: settings.name,
          timeZone: settings.timeZone,
          defaultCurrency: settings.defaultCurrency,
          locale: settings.locale,
        }}
        canEdit={canEditMerchantSettings(me.merchant.role)}
      />
      <RefundApprovalCard
        thresholdMinor={settings.refundApprovalThresholdMinor}
        currency={settings.defaultCurrency}
        canEdit={isOwner}
      />
      {isOwner ? (
        <TwoFactorRolesCard
          required={settings.twoFactorRoles}
          ownEnabled={me.user.twoFactorEnabled === true}
        />
      ) : null}
      {risk ? <RiskRulesCard settings={risk} /> : null}
      {reportEmail ? <DailyReportEmailCard setting={reportEmail} /> : null}
      {backup ? <BackupCard otherShops={backup.otherShops} schedule={backup.schedule} /> : null}
      {housekeeping ? (
        <HousekeepingCard
          retentionDays={housekeeping.rawRetentionDays}
          practice={housekeeping.practice}
        />
      ) : null}
      {readsAuditLog.includes(me.merchant.role) ? (
        <SettingsLinkCard
          icon={FileClockIcon}
          title={tAudit("link")}
          description={tAudit("linkDescription")}
          href="/settings/audit"
          open={tAudit("open")}
        />
      ) : null}
      {runsOperations.includes(me.merchant.role) ? (
        <SettingsLinkCard
          icon={ActivityIcon}
          title={tOperations("link")}
          description={tOperations("linkDescription")}
          href="/settings/operations"
          open={tOperations("open")}
        />
      ) : null}
      {demo?.isDemoShop ? (
        <DemoDataCard shopName={settings.name} signedInAsDemoAccount={demo.signedInAsDemoAccount} />
      ) : null}
    </div>
  );
}
