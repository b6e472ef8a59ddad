"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { PencilIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { useTRPC } from "@/app/_trpc/client";
import { MemberFieldDialog } from "./member-field-dialog";

/** Only the owner names people: names show in logs, so no one names themselves. */
export function RenameMemberDialog({
  member,
  onRenamed,
}: {
  member: { membershipId: string; name: string };
  onRenamed: () => void;
}) {
  const t = useTranslations("team");
  const trpc = useTRPC();
  const rename = useMutation(
    trpc.team.rename.mutationOptions({
      onSuccess: (_r, input) => {
        toast.success(t("renameDone", { name: member.name, newName: input.name }));
        onRenamed();
      },
    }),
  );
  return (
    <MemberFieldDialog
      icon={<PencilIcon />}
      triggerLabel={t("renameNamed", { name: member.name })}
      triggerTitle={t("rename")}
      title={t("renameTitle", { name: member.name })}
      body={t("renameBody")}
      field={{ name: "name", label: t("newName"), defaultValue: member.name }}
      submitLabel={t("renameSubmit")}
      pending={rename.isPending}
      submit={(name) => rename.mutateAsync({ membershipId: member.membershipId, name })}
    />
  );
}
