"use client";

import { useQueryClient } from "@/app/_trpc/query-hooks";
import { useRouter } from "next/navigation";
import { Button } from "@/app/_components/ui/button";
import { setPreferenceCookie } from "@/app/_lib/preference-cookie";
import { cookieNames } from "@/server/http/cookie-names";
import { ShellIcon } from "@/app/_components/shell-icon";

/** What the console layout hands the shell in a practice shop (null in a real one). */
export interface PracticeBannerProps {
  parentMerchantId: string;
  texts: { banner: string; hint: string; leave: string };
}

/**
 * On every console page while the person works in a practice shop, with the way out. The
 * layout decides on the server whether there is one and says its words: a real shop's pages
 * (nearly all of them) carry neither the banner's sentences nor the practice card's. Entering
 * or leaving a practice shop refreshes the layout (a new shop cookie), which then decides again.
 */
export function PracticeBanner({ parentMerchantId, texts }: PracticeBannerProps) {
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-amber-400 bg-amber-100 px-4 py-2 text-sm text-amber-950 md:px-8"
    >
      <ShellIcon name="flask-conical" className="size-4 shrink-0" />
      <p className="flex-1">
        <strong>{texts.banner}</strong> {texts.hint}
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
        {texts.leave}
      </Button>
    </div>
  );
}
