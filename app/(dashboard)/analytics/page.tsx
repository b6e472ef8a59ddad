import { getTranslations } from "next-intl/server";
import { canAccess } from "@/server/auth/roles.logic";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { AnalyticsDashboard } from "./_components/analytics-dashboard";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("analytics") };
}

export default async function AnalyticsPage() {
  const me = await requireMerchant();
  if (!canAccess(me.merchant.role, "analytics")) return <NoAccess />;
  return <AnalyticsDashboard isOwner={me.merchant.role === "owner"} />;
}
