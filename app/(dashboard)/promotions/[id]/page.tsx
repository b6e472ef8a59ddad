import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { z } from "zod";
import { canAccess } from "@/server/auth/roles.logic";
import { HydrateClient, prefetchOrNotFound, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../../_components/no-access";
import { requireMerchant } from "../../_lib/me";
import { PromotionDetail } from "../_components/promotion-detail";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("promotions") };
}

export default async function PromotionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const me = await requireMerchant();
  if (!canAccess(me.merchant.role, "promotions")) return <NoAccess />;
  // An id of nothing, or of another shop's promotion, is not found (404).
  await prefetchOrNotFound(trpc.promotions.byId.queryOptions({ promotionId: id }));
  return (
    <HydrateClient>
      <PromotionDetail promotionId={id} />
    </HydrateClient>
  );
}
