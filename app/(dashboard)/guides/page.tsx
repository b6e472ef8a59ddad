import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/app/_i18n/config";
import { canAccess, editsGuides, takesPayments } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { GuideLibrary } from "./_components/guide-library";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("guides") };
}

export default async function GuidesPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const me = await requireMerchant();
  const role = me.merchant.role;
  if (!canAccess(role, "guides")) return <NoAccess />;
  const q = (await searchParams).q;
  const search = (typeof q === "string" ? q.trim().slice(0, 100) : "") || undefined;
  const locale = (await getLocale()) as Locale;
  prefetch(trpc.guides.library.queryOptions({ locale, search }));
  return (
    <HydrateClient>
      <GuideLibrary
        canEdit={editsGuides.includes(role)}
        canPractise={takesPayments.includes(role)}
      />
    </HydrateClient>
  );
}
