"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { Undo2Icon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useTRPC } from "@/app/_trpc/client";
import { ReasonDialog } from "./reason-dialog";

/** 撤销核销: a manager gives a use back, with a reason, after confirming. */
export function ReverseRedemptionDialog({
  redemptionId,
  code,
  onDone,
}: {
  redemptionId: string;
  code: string;
  onDone?: () => void;
}) {
  const t = useTranslations("vouchers.reverse");
  const trpc = useTRPC();
  const reverse = useMutation(trpc.vouchers.reverse.mutationOptions());
  return (
    <ReasonDialog
      icon={Undo2Icon}
      t={t}
      code={code}
      mutation={reverse}
      run={(reason, succeeded) =>
        reverse.mutate({ redemptionId, reason }, { onSuccess: succeeded })
      }
      onDone={onDone}
    />
  );
}
