import { getTranslations } from "next-intl/server";
import { canAccess, editsGuides } from "@/server/auth/roles.logic";
import { NoAccess } from "../../_components/no-access";
import { requireMe } from "../../_lib/me";
import { GuideReader } from "../_components/guide-reader";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("guides") };
}

export default async function GuidePage({ params }: { params: Promise<{ slug: string }> }) {
  const me = await requireMe();
  const role = me.merchant!.role;
  if (!canAccess(role, "guides")) return <NoAccess />;
  const { slug } = await params;
  return <GuideReader slug={slug} canEdit={editsGuides.includes(role)} />;
}
