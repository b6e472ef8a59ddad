"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { BanIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useTRPC } from "@/app/_trpc/client";
import { ReasonDialog } from "./reason-dialog";

/** A manager voids a voucher (lost, disputed, given by mistake): it can never be redeemed again. */
export function VoidVoucherDialog({ voucherId, code }: { voucherId: string; code: string }) {
  const t = useTranslations("vouchers.void");
  const trpc = useTRPC();
  const voidVoucher = useMutation(trpc.vouchers.void.mutationOptions());
  return (
    <ReasonDialog
      icon={BanIcon}
      t={t}
      code={code}
      mutation={voidVoucher}
      run={(reason, succeeded) =>
        voidVoucher.mutate({ voucherId, reason }, { onSuccess: succeeded })
      }
    />
  );
}
