"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { MailIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useId } from "react";
import { toast } from "@/app/_components/toast";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { Checkbox } from "@/app/_components/ui/input";

/**
 * "E-mail the owners when an alert is raised": the owner turns it on or off; a manager sees
 * how it is set. Says so when this server cannot send e-mail at all.
 */
export function AlertEmailSetting({ isOwner }: { isOwner: boolean }) {
  const t = useTranslations("alerts.email");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const id = useId();
  const setting = useQuery(trpc.alerts.emailSetting.queryOptions());
  const save = useMutation(
    trpc.alerts.setEmailSetting.mutationOptions({
      onSuccess: async () => {
        toast.success(t("saved"));
        await queryClient.invalidateQueries(trpc.alerts.emailSetting.pathFilter());
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  if (!setting.data) return null;
  const { enabled, mailConfigured } = setting.data;
  return (
    <Card aria-labelledby={`${id}-title`}>
      <CardHeader variant="tight">
        <CardTitle id={`${id}-title`} className="flex items-center gap-2">
          <MailIcon className="text-muted-foreground size-5" aria-hidden />
          {t("title")}
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 px-5 pb-5 text-sm">
        <label className="flex items-start gap-3">
          <Checkbox
            checked={enabled}
            disabled={!isOwner || save.isPending}
            aria-describedby={`${id}-hint`}
            onChange={(e) => save.mutate({ enabled: e.target.checked })}
          />
          <span className="font-medium">{t("label")}</span>
        </label>
        <p id={`${id}-hint`} className="text-muted-foreground">
          {t("hint")} {isOwner ? null : t("ownerOnly")}
        </p>
        {mailConfigured ? null : (
          <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
            {t("notConfigured")}
          </p>
        )}
      </CardContent>
    </Card>
  );
}
