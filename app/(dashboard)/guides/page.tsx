import { getTranslations } from "next-intl/server";
import { canAccess, editsGuides, takesPayments } from "@/server/auth/roles.logic";
import { NoAccess } from "../_components/no-access";
import { requireMe } from "../_lib/me";
import { GuideLibrary } from "./_components/guide-library";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("guides") };
}

export default async function GuidesPage() {
  const me = await requireMe();
  const role = me.merchant!.role;
  if (!canAccess(role, "guides")) return <NoAccess />;
  return (
    <GuideLibrary canEdit={editsGuides.includes(role)} canPractise={takesPayments.includes(role)} />
  );
}
