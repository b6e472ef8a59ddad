import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { canAccess } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, prefetchOrNotFound, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../../_components/no-access";
import { requireMerchant } from "../../_lib/me";
import { AlertDetail } from "../_components/alert-detail";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("alerts") };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requireMerchant();
  if (!canAccess(me.merchant.role, "alerts")) return <NoAccess />;
  const { id } = await params;
  if (!uuid.test(id)) notFound();
  prefetch(trpc.merchant.basics.queryOptions());
  // An id of nothing, or of another shop's alert, is not found (404).
  await prefetchOrNotFound(trpc.alerts.byId.queryOptions({ alertId: id }));
  return (
    <HydrateClient>
      <AlertDetail alertId={id} isOwner={me.merchant.role === "owner"} />
    </HydrateClient>
  );
}
