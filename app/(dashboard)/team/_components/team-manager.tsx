"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Trash2Icon } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { toast } from "sonner";
import { PageHeader } from "@/app/_components/page-header";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/app/_components/ui/alert-dialog";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { NativeSelect } from "@/app/_components/ui/input";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { roles, type Role } from "@/server/auth/roles.logic";
import { AddMemberDialog } from "./add-member-dialog";
import { ResetPasswordDialog } from "./reset-password-dialog";

export function TeamManager({ currentUserId }: { currentUserId: string }) {
  const t = useTranslations("team");
  const tRole = useTranslations("roles");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const members = useQuery(trpc.team.list.queryOptions());
  // Fire and forget: invalidation does not reject; a failed refetch shows in the list's state.
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
  };

  const changeRole = useMutation(
    trpc.team.changeRole.mutationOptions({
      onSuccess: () => {
        toast.success(t("roleChanged"));
        refresh();
      },
      onError: (err) => {
        toast.error(errorMessage(err));
        refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.team.remove.mutationOptions({
      onSuccess: () => {
        toast.success(t("removed"));
        refresh();
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6">
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={<AddMemberDialog onAdded={refresh} />}
      />
      <Card className="overflow-hidden">
        {members.isPending ? (
          <div className="flex flex-col gap-3 p-5" aria-busy="true">
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : members.isError ? (
          <div role="alert" className="flex flex-col items-start gap-3 p-5 text-sm">
            <p>{errorMessage(members.error)}</p>
            <Button variant="outline" size="sm" onClick={() => void members.refetch()}>
              {t("retry")}
            </Button>
          </div>
        ) : (
          <table className="w-full text-sm">
            <caption className="sr-only">{t("title")}</caption>
            <thead className="bg-muted/50 text-muted-foreground hidden border-b text-left text-xs md:table-header-group">
              <tr>
                <th scope="col" className="px-5 py-3 font-medium">
                  {t("member")}
                </th>
                <th scope="col" className="px-5 py-3 font-medium">
                  {t("role")}
                </th>
                <th scope="col" className="px-5 py-3 font-medium">
                  {t("joined")}
                </th>
                <th scope="col" className="px-5 py-3 text-right font-medium">
                  <span className="sr-only">{t("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {members.data.map((m) => {
                const isSelf = m.userId === currentUserId;
                return (
                  <tr
                    key={m.membershipId}
                    className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-2 p-4 md:table-row md:p-0"
                  >
                    <td className="min-w-0 md:px-5 md:py-3">
                      <div className="flex flex-wrap items-center gap-2 font-medium">
                        <span className="truncate">{m.name}</span>
                        {isSelf ? <Badge variant="secondary">{t("you")}</Badge> : null}
                        {m.mustChangePassword ? (
                          <Badge variant="outline">{t("mustChange")}</Badge>
                        ) : null}
                      </div>
                      <div className="text-muted-foreground truncate text-xs">{m.email}</div>
                    </td>
                    <td className="col-start-1 md:px-5 md:py-3">
                      <NativeSelect
                        aria-label={t("roleOf", { name: m.name })}
                        value={m.role}
                        disabled={changeRole.isPending}
                        className="h-9 w-40"
                        onChange={(e) =>
                          changeRole.mutate({
                            membershipId: m.membershipId,
                            role: e.target.value as Role,
                          })
                        }
                      >
                        {roles.map((r) => (
                          <option key={r} value={r}>
                            {tRole(r)}
                          </option>
                        ))}
                      </NativeSelect>
                    </td>
                    <td className="text-muted-foreground col-start-1 text-xs md:px-5 md:py-3 md:text-sm">
                      <span className="md:sr-only">{t("joined")}: </span>
                      {format.dateTime(m.joinedAt, { dateStyle: "medium" })}
                    </td>
                    <td className="col-start-2 row-span-3 row-start-1 self-start text-right whitespace-nowrap md:px-5 md:py-3">
                      {/* Owners change their own password (the server holds the same rule). */}
                      {isSelf || m.role === "owner" ? null : (
                        <ResetPasswordDialog member={m} onReset={refresh} />
                      )}
                      <AlertDialog>
                        <AlertDialogTrigger asChild>
                          <Button
                            variant="ghost"
                            size="icon"
                            aria-label={t("removeNamed", { name: m.name })}
                            disabled={remove.isPending}
                          >
                            <Trash2Icon />
                          </Button>
                        </AlertDialogTrigger>
                        <AlertDialogContent>
                          <AlertDialogTitle>{t("removeTitle", { name: m.name })}</AlertDialogTitle>
                          <AlertDialogDescription>
                            {isSelf ? t("removeSelfBody") : t("removeBody")}
                          </AlertDialogDescription>
                          <AlertDialogFooter>
                            <AlertDialogCancel>{t("cancel")}</AlertDialogCancel>
                            <AlertDialogAction
                              onClick={() => remove.mutate({ membershipId: m.membershipId })}
                            >
                              {t("remove")}
                            </AlertDialogAction>
                          </AlertDialogFooter>
                        </AlertDialogContent>
                      </AlertDialog>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
