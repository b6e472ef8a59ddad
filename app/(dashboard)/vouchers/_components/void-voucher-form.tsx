"use client";

import { useEffect } from "react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useTRPC } from "@/app/_trpc/client";
import { useMutation } from "@/app/_trpc/query-hooks";
import { ReasonDialogContent } from "./reason-dialog";

/** The void dialog's content (void-voucher-dialog.tsx loads it on the first opening). */
export function VoidVoucherContent({
  voucherId,
  code,
  open,
  close,
}: {
  voucherId: string;
  code: string;
  open: boolean;
  close: () => void;
}) {
  const t = useTranslations("vouchers.void");
  const trpc = useTRPC();
  const voidVoucher = useMutation(trpc.vouchers.void.mutationOptions());
  // Closed, the dialog forgets a refusal, as ReasonDialog's does.
  const { reset } = voidVoucher;
  useEffect(() => {
    if (!open) reset();
  }, [open, reset]);
  return (
    <ReasonDialogContent
      t={t}
      code={code}
      mutation={voidVoucher}
      run={(reason, succeeded) =>
        voidVoucher.mutate({ voucherId, reason }, { onSuccess: succeeded })
      }
      close={close}
    />
  );
}
