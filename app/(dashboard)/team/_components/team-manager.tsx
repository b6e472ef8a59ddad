"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { Trash2Icon } from "lucide-react";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { DataTable, type DataTableColumn } from "@/app/_components/data-table";
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
import { NativeSelect } from "@/app/_components/ui/input";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { RouterOutputs } from "../../_lib/router-types";
import { roles, type Role } from "@/server/auth/roles.logic";
import { AddMemberDialog } from "./add-member-dialog";
import { InvitationsTable } from "./invitations-table";
import { RenameMemberDialog } from "./rename-member-dialog";
import { ResetPasswordDialog } from "./reset-password-dialog";

type TeamMember = RouterOutputs["team"]["list"][number];

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
    void queryClient.invalidateQueries({ queryKey: trpc.team.invitations.queryKey() });
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

  const resetTwoFactor = useMutation(
    trpc.team.resetTwoFactor.mutationOptions({
      onSuccess: () => {
        toast.success(t("twoFactorReset"));
        refresh();
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );

  const columns: DataTableColumn<TeamMember>[] = [
    {
      id: "member",
      header: t("member"),
      primary: true,
      cell: (m) => (
        <>
          <div className="flex flex-wrap items-center gap-2 font-medium">
            <span className="truncate">{m.name}</span>
            {m.userId === currentUserId ? <Badge variant="secondary">{t("you")}</Badge> : null}
            {m.mustChangePassword ? <Badge variant="outline">{t("mustChange")}</Badge> : null}
            {m.twoFactorEnabled ? <Badge variant="outline">{t("twoFactorOn")}</Badge> : null}
          </div>
          <div className="text-muted-foreground truncate text-xs font-normal">{m.email}</div>
        </>
      ),
    },
    {
      id: "role",
      header: t("role"),
      cell: (m) => (
        <NativeSelect
          aria-label={t("roleOf", { name: m.name })}
          value={m.role}
          disabled={changeRole.isPending}
          variant="bare"
          className="h-9 w-40 text-base md:text-sm"
          onChange={(e) =>
            changeRole.mutate({ membershipId: m.membershipId, role: e.target.value as Role })
          }
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {tRole(r)}
            </option>
          ))}
        </NativeSelect>
      ),
    },
    {
      id: "joined",
      header: t("joined"),
      className: "text-muted-foreground",
      cell: (m) => format.dateTime(m.joinedAt, { dateStyle: "medium" }),
    },
    {
      id: "actions",
      header: t("actions"),
      actions: true,
      className: "whitespace-nowrap",
      cell: (m) => {
        const isSelf = m.userId === currentUserId;
        return (
          <>
            <RenameMemberDialog member={m} onRenamed={refresh} />
            {/* Owners change their own password (the server holds the same rule). */}
            {isSelf || m.role === "owner" ? null : (
              <ResetPasswordDialog member={m} onReset={refresh} />
            )}
            {isSelf || m.role === "owner" || !m.twoFactorEnabled ? null : (
              <AlertDialog>
                <AlertDialogTrigger asChild>
                  <Button variant="ghost" size="sm" disabled={resetTwoFactor.isPending}>
                    {t("resetTwoFactor")}
                  </Button>
                </AlertDialogTrigger>
                <AlertDialogContent>
                  <AlertDialogTitle>{t("resetTwoFactorTitle", { name: m.name })}</AlertDialogTitle>
                  <AlertDialogDescription>{t("resetTwoFactorBody")}</AlertDialogDescription>
                  <AlertDialogFooter>
                    <AlertDialogCancel>{t("cancel")}</AlertDialogCancel>
                    <AlertDialogAction
                      onClick={() => resetTwoFactor.mutate({ membershipId: m.membershipId })}
                    >
                      {t("resetTwoFactorConfirm")}
                    </AlertDialogAction>
                  </AlertDialogFooter>
                </AlertDialogContent>
              </AlertDialog>
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
          </>
        );
      },
    },
  ];

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6">
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={<AddMemberDialog onAdded={refresh} />}
      />
      <DataTable
        caption={t("title")}
        columns={columns}
        rows={members.data}
        rowKey={(m) => m.membershipId}
        error={
          members.isError
            ? {
                message: errorMessage(members.error),
                retryLabel: t("retry"),
                onRetry: () => void members.refetch(),
              }
            : undefined
        }
        // The list always holds the signed-in member.
        empty={{ title: "" }}
      />
      <InvitationsTable onChanged={refresh} />
    </div>
  );
}
