"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { ShieldAlertIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { codeGuard } from "@/server/vouchers/code-guard.logic";
import { useShopTime } from "../../_lib/use-shop-time";

/** New blocks appear without a reload while a manager has the page open. */
const pollMs = 30_000;

/**
 * The people and counter devices blocked from redeeming after too many wrong codes, for the
 * owner and managers, who lift a block here (audited). Shown only while there is one.
 */
export function CodeBlocksCard() {
  const t = useTranslations("vouchers.blocks");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const time = useShopTime();
  const blocks = useQuery({ ...trpc.vouchers.codeBlocks.queryOptions(), refetchInterval: pollMs });
  const lift = useMutation(
    trpc.vouchers.liftCodeBlock.mutationOptions({
      onError: (err) => toast.error(errorMessage(err)),
      onSettled: () => void queryClient.invalidateQueries(trpc.vouchers.codeBlocks.pathFilter()),
    }),
  );
  if (!blocks.data?.length) return null;

  return (
    <Card
      id="code-blocks"
      aria-labelledby="code-blocks-title"
      variant="tinted"
      className="text-card-foreground border-warning bg-warning/10"
    >
      <CardHeader>
        <CardTitle id="code-blocks-title" className="flex items-center gap-2">
          <ShieldAlertIcon className="text-warning size-5" aria-hidden />
          {t("title")}
        </CardTitle>
        <CardDescription>
          {t("description", { count: codeGuard.blockAt, minutes: codeGuard.windowMinutes })}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="flex flex-col divide-y">
          {blocks.data.map((b) => {
            const who =
              b.by === "user"
                ? (b.userName ?? t("formerStaff"))
                : t("device", { id: b.deviceId.slice(0, 8) });
            const key = b.by === "user" ? `user:${b.userId}` : `device:${b.deviceId}`;
            return (
              <li
                key={key}
                className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between"
              >
                <div className="flex min-w-0 flex-col gap-0.5 text-sm">
                  <span className="font-medium break-words">{who}</span>
                  <span className="text-muted-foreground">
                    {t("wrongCodes", { count: b.wrongCodes, at: time.dateTime(b.lastAt) })}
                    {b.by === "device" && b.userNames.length > 0
                      ? ` · ${t("typedBy", { names: b.userNames.join(", ") })}`
                      : null}
                  </span>
                  <span className="text-muted-foreground">
                    {t("endsAt", { at: time.dateTime(b.endsAt) })}
                  </span>
                </div>
                <Button
                  variant="outline"
                  size="sm"
                  className="w-full sm:w-auto"
                  aria-label={t("liftLabel", { who })}
                  disabled={lift.isPending}
                  onClick={() =>
                    lift.mutate(
                      b.by === "user"
                        ? { by: "user", userId: b.userId }
                        : { by: "device", deviceId: b.deviceId },
                      { onSuccess: () => toast.success(t("lifted", { who })) },
                    )
                  }
                >
                  {t("lift")}
                </Button>
              </li>
            );
          })}
        </ul>
      </CardContent>
    </Card>
  );
}
