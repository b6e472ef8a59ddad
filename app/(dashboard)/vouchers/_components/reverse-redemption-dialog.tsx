"use client";

import { useMutation, useQueryClient } from "@/app/_trpc/query-hooks";
import { Undo2Icon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { useTRPC } from "@/app/_trpc/client";
import { formatCode } from "@/server/vouchers/voucher-code.logic";
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
  const queryClient = useQueryClient();
  const reverse = useMutation(trpc.vouchers.reverse.mutationOptions());
  const shown = formatCode(code);
  return (
    <ReasonDialog
      icon={Undo2Icon}
      text={{
        action: t("action"),
        title: t("title", { code: shown }),
        body: t("body"),
        reason: t("reason"),
        reasonHint: t("reasonHint"),
        keep: t("keep"),
        confirm: t("confirm"),
      }}
      pending={reverse.isPending}
      error={reverse.error}
      reset={reverse.reset}
      onConfirm={(reason, close) =>
        reverse.mutate(
          { redemptionId, reason },
          {
            onSuccess: () => {
              toast.success(t("done", { code: shown }));
              close();
              void queryClient.invalidateQueries(trpc.vouchers.pathFilter());
              onDone?.();
            },
          },
        )
      }
    />
  );
}
