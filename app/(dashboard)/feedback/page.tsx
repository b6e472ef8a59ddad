import { getTranslations } from "next-intl/server";
import type { SearchParams } from "@/app/_lib/url-state";
import { canAccess } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { FeedbackInbox } from "./_components/feedback-inbox";
import { loadFeedbackFilters, toFeedbackListInput } from "./_lib/search-params";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("feedback") };
}

export default async function FeedbackPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const me = await requireMerchant();
  if (!canAccess(me.merchant.role, "feedback")) return <NoAccess />;
  const filters = await loadFeedbackFilters(searchParams);
  prefetch(trpc.merchant.basics.queryOptions());
  prefetch(trpc.analytics.options.queryOptions());
  prefetch(trpc.feedback.list.queryOptions(toFeedbackListInput(filters)));
  return (
    <HydrateClient>
      <FeedbackInbox />
    </HydrateClient>
  );
}
