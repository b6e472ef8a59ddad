import { getTranslations } from "next-intl/server";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { requireMe } from "../_lib/me";
import { AccountScreen } from "./_components/account-screen";

export async function generateMetadata() {
  const t = await getTranslations("account");
  return { title: t("title") };
}

export default async function AccountPage() {
  const me = await requireMe();
  prefetch(trpc.account.sessions.queryOptions());
  return (
    <HydrateClient>
      <AccountScreen
        user={{ name: me.user.name, email: me.user.email }}
        twoFactor={{
          enabled: me.user.twoFactorEnabled === true,
          required: me.merchant?.twoFactorRequired === true,
        }}
      />
    </HydrateClient>
  );
}
