"use client";

import { useMutation, useQueryClient } from "@/app/_trpc/query-hooks";
import { BanIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { toast } from "@/app/_components/toast";
import { useTRPC } from "@/app/_trpc/client";
import { formatCode } from "@/server/vouchers/voucher-code.logic";
import { ReasonDialog } from "./reason-dialog";

/** A manager voids a voucher (lost, disputed, given by mistake): it can never be redeemed again. */
export function VoidVoucherDialog({ voucherId, code }: { voucherId: string; code: string }) {
  const t = useTranslations("vouchers.void");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const voidVoucher = useMutation(trpc.vouchers.void.mutationOptions());
  const shown = formatCode(code);
  return (
    <ReasonDialog
      icon={BanIcon}
      text={{
        action: t("action"),
        title: t("title", { code: shown }),
        body: t("body"),
        reason: t("reason"),
        reasonHint: t("reasonHint"),
        keep: t("keep"),
        confirm: t("confirm"),
      }}
      pending={voidVoucher.isPending}
      error={voidVoucher.error}
      reset={voidVoucher.reset}
      onConfirm={(reason, close) =>
        voidVoucher.mutate(
          { voucherId, reason },
          {
            onSuccess: () => {
              toast.success(t("done", { code: shown }));
              close();
              void queryClient.invalidateQueries(trpc.vouchers.pathFilter());
            },
          },
        )
      }
    />
  );
}
