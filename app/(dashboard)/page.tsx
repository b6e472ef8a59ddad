import { PlusIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { getLocale, getTranslations } from "next-intl/server";
import { GuideReminderNotice } from "@/app/_components/guide-reminder-notice";
import { PageHeader } from "@/app/_components/page-header";
import { ClientMessages } from "@/app/_i18n/client-messages";
import type { Locale } from "@/app/_i18n/config";
import { buttonVariants } from "@/app/_components/ui/button";
import { takesPayments } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { serverCaller } from "@/server/trpc/server-caller";
import { HomeSummary } from "./_components/home-summary";
import { requireMerchant } from "./_lib/me";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("home") };
}

/** Home: what the signed-in member's role needs today (see server/home/home.service.ts). */
export default async function HomePage() {
  const me = await requireMerchant();
  const caller = await serverCaller();
  const [settings, summary] = await Promise.all([
    caller.merchant.settings(),
    caller.home.summary(),
  ]);
  const t = await getTranslations("home");
  const tRole = await getTranslations("roles");
  const role = me.merchant.role;
  // Read with the page, not after it: the notice above the figures, fetched once the page had
  // loaded, pushed them down by its height (a layout shift, on a tablet under a finger).
  prefetch(trpc.guides.pending.queryOptions({ locale: (await getLocale()) as Locale }));

  // Today's figures are drawn on the server (HomeSummary): of the page's sentences, the
  // browser is sent the guides' notice only.
  return (
    <ClientMessages namespaces={["guides.notice"]}>
      <div className="mx-auto flex max-w-5xl flex-col gap-6">
        <PageHeader
          title={t("greeting", { name: me.user.name })}
          description={t("intro", { merchant: settings.name, role: tRole(role) })}
          actions={
            takesPayments.includes(role) ? (
              <PlainLink href="/orders/new" className={buttonVariants({ size: "lg" })}>
                <PlusIcon aria-hidden />
                {t("newOrder")}
              </PlainLink>
            ) : null
          }
        />
        <HydrateClient>
          <GuideReminderNotice />
        </HydrateClient>
        <HomeSummary summary={summary} />
      </div>
    </ClientMessages>
  );
}
