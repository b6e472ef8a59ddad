import { getTranslations } from "next-intl/server";
import { canAccess } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { TeamManager } from "./_components/team-manager";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("team") };
}

export default async function TeamPage() {
  const me = await requireMerchant();
  if (!canAccess(me.merchant.role, "team")) return <NoAccess />;
  prefetch(trpc.team.list.queryOptions());
  prefetch(trpc.team.invitations.queryOptions());
  return (
    <HydrateClient>
      <TeamManager currentUserId={me.user.id} />
    </HydrateClient>
  );
}
