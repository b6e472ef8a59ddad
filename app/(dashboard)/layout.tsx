import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { approvesRefunds, canAccess, type Role } from "@/server/auth/roles.logic";
import { cookieNames } from "@/server/http/cookie-names";
import { getTranslations } from "next-intl/server";
import { HydrateClient, prefetch, prefetchAnswer, trpc } from "@/server/trpc/rsc";
import { NoMerchant } from "./_components/no-merchant";
import { Shell } from "./_components/shell";
import { requireMe } from "./_lib/me";
import { StepUpPrompt } from "@/app/_components/step-up-prompt";
import { ClientMessages } from "@/app/_i18n/client-messages";
import { ConsoleProviders } from "@/app/_trpc/console-providers";
import "@/app/globals.css";

/** What the shell and the error screen say in the browser (see ClientMessages). */
function ConsoleMessages({ children }: { children: ReactNode }) {
  return (
    <ConsoleProviders>
      <ClientMessages namespaces={["nav", "roles", "errorPage"]}>{children}</ClientMessages>
    </ConsoleProviders>
  );
}

const pickMembership = (m: { merchantId: string; merchantName: string; role: Role }) => ({
  merchantId: m.merchantId,
  merchantName: m.merchantName,
  role: m.role,
});

/*
 * No loading.tsx beside this layout: its skeleton made every page's first load stream, the
 * page's content following the shell into a Suspense boundary that React reveals no sooner than
 * 300 ms after the shell's paint, by which time the page's scripts had run; on a phone the
 * content appeared after them (Lighthouse: the counter's new-order page's largest paint came
 * after its scripts). A link of the sidebar shows that its page is on its way (NavLinks).
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const me = await requireMe();
  if (!me.merchant) {
    return (
      <ConsoleMessages>
        <NoMerchant name={me.user.name} />
      </ConsoleMessages>
    );
  }
  const jar = await cookies();
  const storeCookie = jar.get(cookieNames.store)?.value ?? null;
  const activeStoreId = me.stores.some((s) => s.id === storeCookie) ? storeCookie : null;
  // Read by pages (the guides' practice card) and by the shell's practice banner below:
  // fetched here so that the server's HTML and the browser's first render agree. Left to the
  // browser, its request could land before a page's boundary hydrates, and the page would
  // then render a card the server did not (React error #418).
  const shellQueries: Parameters<typeof prefetch>[0][] = [
    trpc.guides.practiceStatus.queryOptions(),
  ];
  // The approvers' badge beside "Refunds", for the same reason.
  const decidesRefunds = approvesRefunds.includes(me.merchant.role);
  if (decidesRefunds) shellQueries.push(trpc.refunds.awaitingCount.queryOptions());
  if (canAccess(me.merchant.role, "reconciliation"))
    shellQueries.push(trpc.reconciliation.openCount.queryOptions());
  if (canAccess(me.merchant.role, "alerts"))
    shellQueries.push(trpc.alerts.openCount.queryOptions());
  for (const options of shellQueries) prefetch(options);
  // The practice banner's words reach the browser only in a practice shop (see PracticeBanner).
  const status = await prefetchAnswer(trpc.guides.practiceStatus.queryOptions());
  const practice = status?.isPractice
    ? await getTranslations("guides.practice").then((t) => ({
        parentMerchantId: status.parentMerchantId,
        texts: { banner: t("banner"), hint: t("bannerHint"), leave: t("leave") },
      }))
    : null;
  return (
    <ConsoleMessages>
      {/* Only the shell's queries: each page's boundary carries its own (see HydrateClient). */}
      <HydrateClient only={shellQueries}>
        {/* The fields the shell shows, not whole rows: every prop is sent in the page's HTML. */}
        <Shell
          user={{ name: me.user.name, email: me.user.email }}
          merchant={pickMembership(me.merchant)}
          memberships={me.memberships.map(pickMembership)}
          stores={me.stores.map((s) => ({ id: s.id, name: s.name }))}
          activeStoreId={activeStoreId}
          areas={me.areas}
          approvesRefunds={decidesRefunds}
          sidebarCollapsed={jar.get(cookieNames.sidebar)?.value === "collapsed"}
          practice={practice}
        >
          {children}
        </Shell>
      </HydrateClient>
      {/* "Confirm it's you" before the console's sensitive actions (app/_trpc/step-up.ts). */}
      <StepUpPrompt />
    </ConsoleMessages>
  );
}
