import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { editsGuides } from "@/server/auth/roles.logic";
import { guideSlug } from "@/server/guides/guide.schema";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../../../_components/no-access";
import { requireMerchant } from "../../../_lib/me";
import { GuideEditor } from "../../_components/guide-editor";

export async function generateMetadata() {
  const t = await getTranslations("guides.editor");
  return { title: t("title") };
}

export default async function EditGuidePage({ params }: { params: Promise<{ slug: string }> }) {
  const me = await requireMerchant();
  if (!editsGuides.includes(me.merchant.role)) return <NoAccess />;
  const { slug } = await params;
  if (!guideSlug.safeParse(slug).success) notFound();
  prefetch(trpc.guides.forEdit.queryOptions({ slug }));
  return (
    <HydrateClient>
      <GuideEditor slug={slug} />
    </HydrateClient>
  );
}
