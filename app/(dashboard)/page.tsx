import { PlusIcon } from "lucide-react";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { GuideReminderNotice } from "@/app/_components/guide-reminder-notice";
import { PageHeader } from "@/app/_components/page-header";
import { buttonVariants } from "@/app/_components/ui/button";
import { takesPayments } from "@/server/auth/roles.logic";
import { serverCaller } from "@/server/trpc/rsc";
import { navItems } from "./_components/nav";
import { requireMe } from "./_lib/me";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("home") };
}

export default async function HomePage() {
  const me = await requireMe();
  const settings = await (await serverCaller()).merchant.settings();
  const t = await getTranslations("home");
  const tNav = await getTranslations("nav");
  const tRole = await getTranslations("roles");
  const role = me.merchant!.role;
  const now = new Intl.DateTimeFormat(await getLocale(), {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: settings.timeZone,
  }).format(new Date());

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6">
      <PageHeader
        title={t("greeting", { name: me.user.name })}
        description={t("intro", { merchant: settings.name, role: tRole(role) })}
        actions={
          takesPayments.includes(role) ? (
            <Link href="/orders/new" className={buttonVariants({ size: "lg" })}>
              <PlusIcon aria-hidden />
              {t("newOrder")}
            </Link>
          ) : null
        }
      />
      <GuideReminderNotice />
      <div className="grid gap-4 sm:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t("localTimeTitle")}</CardTitle>
            <CardDescription>{t("localTimeHint", { zone: settings.timeZone })}</CardDescription>
          </CardHeader>
          <CardContent>
            <p className="text-lg font-medium tabular-nums">{now}</p>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("roleTitle", { role: tRole(role) })}</CardTitle>
            <CardDescription>{t(`roleHint.${role}`)}</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="flex flex-wrap gap-2">
              {navItems
                .filter((n) => n.area !== "home" && me.areas.includes(n.area))
                .map(({ area, href, icon: Icon }) => (
                  <li key={area}>
                    <Link
                      href={href}
                      className="hover:bg-accent inline-flex items-center gap-2 rounded-md border px-3 py-2 text-sm"
                    >
                      <Icon className="size-4" aria-hidden />
                      {tNav(area)}
                    </Link>
                  </li>
                ))}
            </ul>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
