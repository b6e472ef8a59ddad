import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { canAccess, managesVouchers } from "@/server/auth/roles.logic";
import { cookieNames } from "@/server/http/cookie-names";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { RedeemScreen } from "./_components/redeem-screen";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("redeem") };
}

export default async function RedeemPage({
  searchParams,
}: {
  searchParams: Promise<{ code?: string | string[] }>;
}) {
  const me = await requireMerchant();
  const role = me.merchant.role;
  if (!canAccess(role, "redeem")) return <NoAccess />;
  const stores = me.stores.map((s) => ({ id: s.id, name: s.name }));
  // The counter's store: the one chosen in the shell, else the first.
  const chosen = (await cookies()).get(cookieNames.store)?.value;
  const initialStoreId = stores.find((s) => s.id === chosen)?.id ?? stores[0]?.id ?? null;
  // A code sent by the browser itself: Enter pressed (a scanner gun's) before the screen's
  // script ran submits the form as a plain GET, and the screen checks the code on arrival.
  const { code } = await searchParams;
  const sentCode = typeof code === "string" ? code.slice(0, 64) : undefined;
  prefetch(trpc.merchant.basics.queryOptions());
  prefetch(trpc.vouchers.settings.queryOptions());
  return (
    <HydrateClient>
      <RedeemScreen
        stores={stores}
        initialStoreId={initialStoreId}
        sentCode={sentCode}
        canReverse={managesVouchers.includes(role)}
        helpHref="/guides/redeem-voucher"
      />
    </HydrateClient>
  );
}
