"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { KeyRoundIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { useTRPC } from "@/app/_trpc/client";
import { MemberFieldDialog } from "./member-field-dialog";
import { minPasswordLength } from "@/server/auth/password-rule";

/** The owner sets a temporary password; the member chooses their own at the next sign-in. */
export function ResetPasswordDialog({
  member,
  onReset,
}: {
  member: { membershipId: string; name: string };
  onReset: () => void;
}) {
  const t = useTranslations("team");
  const trpc = useTRPC();
  const reset = useMutation(
    trpc.team.resetPassword.mutationOptions({
      onSuccess: (r) => {
        toast.success(t("resetDone", { name: member.name, count: r.signedOutSessions }));
        onReset();
      },
    }),
  );
  return (
    <MemberFieldDialog
      icon={<KeyRoundIcon />}
      triggerLabel={t("resetPasswordNamed", { name: member.name })}
      triggerTitle={t("resetPassword")}
      title={t("resetTitle", { name: member.name })}
      body={t("resetBody", { name: member.name })}
      field={{
        name: "temporaryPassword",
        label: t("temporaryPassword"),
        hint: t("temporaryPasswordHint", { minPasswordLength }),
      }}
      submitLabel={t("resetSubmit")}
      pending={reset.isPending}
      submit={(temporaryPassword) =>
        reset.mutateAsync({ membershipId: member.membershipId, temporaryPassword })
      }
    />
  );
}
