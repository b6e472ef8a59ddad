import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { canAccess, confirmsShifts } from "@/server/auth/roles.logic";
import { cookieNames } from "@/server/http/cookie-names";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { ShiftPanel } from "./_components/shift-panel";
import { ShiftsList } from "./_components/shifts-list";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("shifts") };
}

/** The cashier's own shift at the counter's store; below it, for managers, every shift. */
export default async function ShiftsPage() {
  const me = await requireMerchant();
  const role = me.merchant.role;
  if (!canAccess(role, "shifts")) return <NoAccess />;
  const stores = me.stores.map((s) => ({ id: s.id, name: s.name }));
  // The counter's store: the one chosen in the shell, else the first.
  const chosen = (await cookies()).get(cookieNames.store)?.value;
  const initialStoreId = stores.find((s) => s.id === chosen)?.id ?? stores[0]?.id ?? null;
  prefetch(trpc.merchant.basics.queryOptions());
  if (initialStoreId) prefetch(trpc.shifts.current.queryOptions({ storeId: initialStoreId }));
  const confirms = confirmsShifts.includes(role);
  return (
    <HydrateClient>
      <div className="mx-auto flex max-w-4xl flex-col gap-8">
        <ShiftPanel stores={stores} initialStoreId={initialStoreId} />
        {confirms ? <ShiftsList viewerId={me.user.id} isOwner={role === "owner"} /> : null}
      </div>
    </HydrateClient>
  );
}
