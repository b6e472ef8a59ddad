import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/app/_i18n/config";
import { editsGuides } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../../_components/no-access";
import { requireMerchant } from "../../_lib/me";
import { ProgressMatrix } from "../_components/progress-matrix";

export async function generateMetadata() {
  const t = await getTranslations("guides.matrix");
  return { title: t("title") };
}

export default async function GuideProgressPage() {
  const me = await requireMerchant();
  if (!editsGuides.includes(me.merchant.role)) return <NoAccess />;
  prefetch(trpc.guides.matrix.queryOptions({ locale: (await getLocale()) as Locale }));
  return (
    <HydrateClient>
      <ProgressMatrix />
    </HydrateClient>
  );
}
