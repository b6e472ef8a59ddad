import { getTranslations } from "next-intl/server";
import { handlesSupport } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../../_components/no-access";
import { requireMerchant } from "../../_lib/me";
import { SupportNoteList } from "../_components/support-note-list";

export async function generateMetadata() {
  const t = await getTranslations("failures.tabs");
  return { title: t("notes") };
}

export default async function SupportNotesPage() {
  const me = await requireMerchant();
  if (!handlesSupport.includes(me.merchant.role)) return <NoAccess />;
  prefetch(trpc.merchant.basics.queryOptions());
  prefetch(trpc.support.list.queryOptions({ status: "open", cursor: undefined }));
  return (
    <HydrateClient>
      <SupportNoteList />
    </HydrateClient>
  );
}
