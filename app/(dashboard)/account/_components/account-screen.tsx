"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { LogOutIcon, MonitorSmartphoneIcon } from "lucide-react";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { ChangePasswordForm } from "@/app/_components/change-password-form";
import { PageHeader } from "@/app/_components/page-header";
import { TwoFactorSetup } from "@/app/_components/two-factor-setup";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

export function AccountScreen({
  user,
  twoFactor,
}: {
  user: { name: string; email: string };
  twoFactor: { enabled: boolean; required: boolean };
}) {
  const t = useTranslations("account");
  const t2 = useTranslations("twoFactor");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() });

  const revoke = useMutation(
    trpc.account.revokeSession.mutationOptions({
      onSuccess: () => {
        toast.success(t("deviceSignedOut"));
        void refresh();
      },
      onError: (err) => {
        toast.error(errorMessage(err));
        void refresh();
      },
    }),
  );
  const revokeOthers = useMutation(
    trpc.account.revokeOtherSessions.mutationOptions({
      onSuccess: (r) => {
        toast.success(t("othersSignedOut", { count: r.signedOutSessions }));
        void refresh();
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );

  const others = sessions.data?.filter((s) => !s.isCurrent).length ?? 0;

  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <PageHeader title={t("title")} description={t("description", { email: user.email })} />

      <Card>
        <CardHeader>
          <CardTitle>{t("passwordTitle")}</CardTitle>
          <CardDescription>{t("passwordDescription")}</CardDescription>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm
            onChanged={(count) => {
              toast.success(t("passwordChanged", { count }));
              void refresh();
            }}
          />
        </CardContent>
      </Card>

      <Card id="two-factor">
        <CardHeader>
          <CardTitle>{t2("title")}</CardTitle>
          <CardDescription>{t2("description")}</CardDescription>
        </CardHeader>
        <CardContent>
          <TwoFactorSetup enabled={twoFactor.enabled} required={twoFactor.required} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader
          variant="bare"
          className="flex flex-col gap-3 p-5 pb-3 sm:flex-row sm:items-start sm:justify-between"
        >
          <div className="flex flex-col gap-1">
            <CardTitle>{t("devicesTitle")}</CardTitle>
            <CardDescription>{t("devicesDescription")}</CardDescription>
          </div>
          {others > 0 ? (
            <Button
              variant="outline"
              className="shrink-0"
              disabled={revokeOthers.isPending}
              onClick={() => revokeOthers.mutate()}
            >
              <LogOutIcon />
              {t("signOutOthers")}
            </Button>
          ) : null}
        </CardHeader>
        <CardContent>
          {sessions.isPending ? (
            <div className="flex flex-col gap-3" aria-busy="true">
              <Skeleton className="h-12" />
              <Skeleton className="h-12" />
            </div>
          ) : sessions.isError ? (
            <p role="alert" className="text-sm">
              {errorMessage(sessions.error)}
            </p>
          ) : (
            <ul className="divide-y" aria-label={t("devicesTitle")}>
              {sessions.data.map((s) => {
                const device =
                  s.browser && s.os
                    ? t("deviceOn", { browser: s.browser, os: s.os })
                    : (s.browser ?? s.os ?? t("unknownDevice"));
                return (
                  <li
                    key={s.id}
                    className="flex flex-wrap items-center justify-between gap-3 py-3 first:pt-0 last:pb-0"
                  >
                    <div className="flex min-w-0 items-start gap-3">
                      <MonitorSmartphoneIcon className="text-muted-foreground mt-0.5 size-5 shrink-0" />
                      <div className="min-w-0">
                        <div className="flex flex-wrap items-center gap-2 font-medium">
                          <span>{device}</span>
                          {s.isCurrent ? (
                            <Badge variant="secondary">{t("thisDevice")}</Badge>
                          ) : null}
                        </div>
                        <div className="text-muted-foreground text-xs break-words">
                          {[
                            s.ipAddress ? t("address", { ip: s.ipAddress }) : null,
                            t("lastActive", {
                              time: format.dateTime(s.lastActiveAt, {
                                dateStyle: "medium",
                                timeStyle: "short",
                              }),
                            }),
                            t("signedInAt", {
                              time: format.dateTime(s.signedInAt, {
                                dateStyle: "medium",
                                timeStyle: "short",
                              }),
                            }),
                          ]
                            .filter(Boolean)
                            .join(" · ")}
                        </div>
                      </div>
                    </div>
                    {s.isCurrent ? null : (
                      <Button
                        variant="ghost"
                        size="sm"
                        disabled={revoke.isPending}
                        aria-label={t("signOutDeviceNamed", { device })}
                        onClick={() => revoke.mutate({ sessionId: s.id })}
                      >
                        {t("signOutDevice")}
                      </Button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
