import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/app/_i18n/config";
import { canAccess, editsGuides } from "@/server/auth/roles.logic";
import { guideSlug } from "@/server/guides/guide.schema";
import { HydrateClient, prefetchOrNotFound, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../../_components/no-access";
import { requireMerchant } from "../../_lib/me";
import { GuideReader } from "../_components/guide-reader";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("guides") };
}

export default async function GuidePage({ params }: { params: Promise<{ slug: string }> }) {
  const me = await requireMerchant();
  const role = me.merchant.role;
  if (!canAccess(role, "guides")) return <NoAccess />;
  const { slug } = await params;
  if (!guideSlug.safeParse(slug).success) notFound();
  // Whom the guide is for is in its row: a guide meant for other roles is refused by the query.
  await prefetchOrNotFound(
    trpc.guides.bySlug.queryOptions({ slug, locale: (await getLocale()) as Locale }),
  );
  return (
    <HydrateClient>
      <GuideReader slug={slug} canEdit={editsGuides.includes(role)} />
    </HydrateClient>
  );
}
