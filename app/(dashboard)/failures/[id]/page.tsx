import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { HydrateClient, prefetch, prefetchOrNotFound, trpc } from "@/server/trpc/rsc";
import { FailureDetail } from "../_components/failure-detail";

export async function generateMetadata() {
  const t = await getTranslations("failures");
  return { title: t("detail.title") };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function FailurePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!uuid.test(id)) notFound();
  prefetch(trpc.merchant.basics.queryOptions());
  // An id of nothing, or of another shop's failure, is not found (404).
  await prefetchOrNotFound(trpc.failures.byId.queryOptions({ failureId: id }));
  return (
    <HydrateClient>
      <FailureDetail failureId={id} />
    </HydrateClient>
  );
}
