"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { FlaskConicalIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { setPreferenceCookie } from "@/app/_lib/preference-cookie";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { cookieNames } from "@/server/http/cookie-names";

/** In the library: go to the practice shop and take a payment against the sandbox wallet. */
export function PracticeCard() {
  const t = useTranslations("guides.practice");
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const status = useQuery(trpc.guides.practiceStatus.queryOptions());
  const start = useMutation(
    trpc.guides.startPractice.mutationOptions({
      onSuccess: ({ practiceMerchantId }) => {
        setPreferenceCookie(cookieNames.merchant, practiceMerchantId);
        queryClient.clear();
        router.push("/orders/new");
        router.refresh();
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  if (!status.data || status.data.isPractice) return null;
  const unfinished = status.data.unfinishedCounterGuides;
  return (
    <Card className="flex flex-col gap-3 border-dashed p-4 sm:flex-row sm:items-center sm:justify-between">
      <div className="flex items-start gap-3">
        <FlaskConicalIcon className="text-primary mt-0.5 size-5 shrink-0" aria-hidden />
        <div className="flex flex-col gap-1">
          <h2 className="font-semibold">{t("title")}</h2>
          <p className="text-muted-foreground text-sm">
            {unfinished > 0 ? t("hintUnfinished", { count: unfinished }) : t("hint")}
          </p>
        </div>
      </div>
      <Button
        variant={unfinished > 0 ? "default" : "outline"}
        disabled={start.isPending}
        onClick={() => start.mutate()}
      >
        {t("start")}
      </Button>
    </Card>
  );
}
