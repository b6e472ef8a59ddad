import { getTranslations } from "next-intl/server";
import { reconciles } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { requireMerchant } from "../../_lib/me";
import { DaysScreen } from "../_components/days-screen";

export async function generateMetadata() {
  const t = await getTranslations("reconciliation.days");
  return { title: t("title") };
}

export default async function DaysPage() {
  const me = await requireMerchant();
  prefetch(trpc.merchant.basics.queryOptions());
  prefetch(trpc.paymentMethods.list.queryOptions());
  return (
    <HydrateClient>
      <DaysScreen canReconcile={reconciles.includes(me.merchant.role)} />
    </HydrateClient>
  );
}
