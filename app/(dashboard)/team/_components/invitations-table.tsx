"use client";

import { useMutation, useQuery } from "@/app/_trpc/query-hooks";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { DataTable, type DataTableColumn } from "@/app/_components/data-table";
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
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { RouterOutputs } from "../../_lib/router-types";

type Invitation = RouterOutputs["team"]["invitations"][number];

/**
 * The shop's invitations not answered yet, beside the team: the same for an e-mail that had
 * an account and one that did not, so the page never tells which.
 */
export function InvitationsTable({ onChanged }: { onChanged: () => void }) {
  const t = useTranslations("team");
  const tRole = useTranslations("roles");
  const format = useFormatter();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const invitations = useQuery(trpc.team.invitations.queryOptions());

  const withdraw = useMutation(
    trpc.team.withdrawInvitation.mutationOptions({
      onSuccess: () => {
        toast.success(t("withdrawn"));
        onChanged();
      },
      onError: (err) => {
        toast.error(errorMessage(err));
        onChanged();
      },
    }),
  );

  const date = (d: Date) => format.dateTime(d, { dateStyle: "medium" });
  const columns: DataTableColumn<Invitation>[] = [
    {
      id: "person",
      header: t("invitedPerson"),
      primary: true,
      cell: (i) => (
        <>
          <div className="truncate font-medium">{i.email}</div>
          <div className="text-muted-foreground truncate text-xs font-normal">{i.name}</div>
        </>
      ),
    },
    { id: "role", header: t("role"), cell: (i) => tRole(i.role) },
    {
      id: "invited",
      header: t("invited"),
      className: "text-muted-foreground",
      cell: (i) => date(i.createdAt),
    },
    {
      id: "expires",
      header: t("expires"),
      className: "text-muted-foreground",
      cell: (i) =>
        i.expired ? <Badge variant="outline">{t("expired")}</Badge> : date(i.expiresAt),
    },
    {
      id: "actions",
      header: t("actions"),
      actions: true,
      className: "whitespace-nowrap",
      cell: (i) => (
        <AlertDialog>
          <AlertDialogTrigger asChild>
            <Button
              variant="ghost"
              size="sm"
              aria-label={t("withdrawNamed", { email: i.email })}
              disabled={withdraw.isPending}
            >
              {t("withdraw")}
            </Button>
          </AlertDialogTrigger>
          <AlertDialogContent>
            <AlertDialogTitle>{t("withdrawTitle", { email: i.email })}</AlertDialogTitle>
            <AlertDialogDescription>{t("withdrawBody")}</AlertDialogDescription>
            <AlertDialogFooter>
              <AlertDialogCancel>{t("cancel")}</AlertDialogCancel>
              <AlertDialogAction onClick={() => withdraw.mutate({ invitationId: i.id })}>
                {t("withdraw")}
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      ),
    },
  ];

  return (
    <section aria-labelledby="invitations-title" className="flex flex-col gap-3">
      <div>
        <h2 id="invitations-title" className="text-base font-semibold">
          {t("invitationsTitle")}
        </h2>
        <p className="text-muted-foreground text-sm">{t("invitationsHint")}</p>
      </div>
      <DataTable
        caption={t("invitationsTitle")}
        columns={columns}
        rows={invitations.data}
        rowKey={(i) => i.id}
        error={
          invitations.isError
            ? {
                message: errorMessage(invitations.error),
                retryLabel: t("retry"),
                onRetry: () => void invitations.refetch(),
              }
            : undefined
        }
        empty={{ title: t("invitationsEmpty") }}
      />
    </section>
  );
}
