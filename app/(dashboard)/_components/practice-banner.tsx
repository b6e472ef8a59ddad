"use client";

import { useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { Button } from "@/app/_components/ui/button";
import { setPreferenceCookie } from "@/app/_lib/preference-cookie";
import { useTRPC } from "@/app/_trpc/client";
import { cookieNames } from "@/server/http/cookie-names";
import { ShellIcon } from "@/app/_components/shell-icon";

/** On every console page while the person works in a practice shop, with the way out. */
export function PracticeBanner() {
  const t = useTranslations("guides.practice");
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.guides.practiceStatus.queryOptions());
  if (!status.data?.isPractice) return null;
  const { parentMerchantId } = status.data;
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-amber-400 bg-amber-100 px-4 py-2 text-sm text-amber-950 md:px-8"
    >
      <ShellIcon name="flask-conical" className="size-4 shrink-0" />
      <p className="flex-1">
        <strong>{t("banner")}</strong> {t("bannerHint")}
      </p>
      <Button
        size="sm"
        variant="outline"
        onClick={() => {
          setPreferenceCookie(cookieNames.merchant, parentMerchantId);
          queryClient.clear();
          router.push("/guides");
          router.refresh();
        }}
      >
        {t("leave")}
      </Button>
    </div>
  );
}
