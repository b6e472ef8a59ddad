"use client";

import { useMutation, useQueryClient } from "@/app/_trpc/query-hooks";
import { CheckIcon, XIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { toast } from "@/app/_components/toast";
import { Money } from "@/app/_components/money";
import { Button } from "@/app/_components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/app/_components/ui/dialog";
import { NoteDialog } from "@/app/_components/note-dialog";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { useShopTime } from "../../_lib/use-shop-time";
import type { RefundRow } from "../_lib/search-params";
import { voucherUseOf, type VoucherUse } from "../_lib/voucher-use";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

/** Approve and Refuse for a refund awaiting approval; both refresh the list and the badge. */
export function RefundDecision({ refund }: { refund: RefundRow }) {
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <ApproveDialog refund={refund} />
      <RefuseDialog refund={refund} />
    </div>
  );
}

function useRefundsChanged() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Every refunds query: the list, the approvers' badge, an order's refunds.
  return () => queryClient.invalidateQueries(trpc.refunds.pathFilter());
}

/**
 * Asks for confirmation with the amount. When the order's voucher was already used the server
 * refuses until the approver has seen who used it and when: the dialog then shows that and
 * sends again with the confirmation.
 */
function ApproveDialog({ refund }: { refund: RefundRow }) {
  const t = useTranslations("refunds.approve");
  const tDecision = useTranslations("refunds.decision");
  const trpc = useTRPC();
  const time = useShopTime();
  const errorMessage = useErrorMessage();
  const changed = useRefundsChanged();
  const [open, setOpen] = useState(false);
  const [voucher, setVoucher] = useState<VoucherUse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const approve = useMutation(
    trpc.refunds.approve.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        toast.success(t("done", { order: refund.orderNumber }));
        await changed();
      },
      onError: (err) => {
        const used = voucherUseOf(err);
        if (used) setVoucher(used);
        else setError(errorMessage(err));
      },
    }),
  );
  const amount = <Money minor={refund.amountMinor} currency={refund.currency} />;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setVoucher(null);
        setError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm">
          <CheckIcon aria-hidden />
          {t("action")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tDecision("close")}>
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>
            {t.rich("body", {
              order: () => <span className="whitespace-nowrap">{refund.orderNumber}</span>,
              amount: () => <strong className="text-foreground">{amount}</strong>,
            })}
          </DialogDescription>
        </DialogHeader>
        {voucher ? (
          <p
            role="alert"
            className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          >
            {isolatedSentence(
              t,
              "voucherUsed",
              {
                uses: voucher.uses,
                by: voucher.by,
                at: voucher.at ? time.dateTime(new Date(voucher.at)) : "—",
              },
              ["by"],
            )}
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="text-destructive text-sm">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            {tDecision("cancel")}
          </Button>
          <Button
            disabled={approve.isPending || error !== null}
            onClick={() =>
              approve.mutate({
                refundId: refund.id,
                confirmRedeemedVoucher: voucher ? true : undefined,
              })
            }
          >
            {voucher ? t("confirmVoucher") : t("confirm")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** Refusing needs a reason: the person who asked reads it. */
function RefuseDialog({ refund }: { refund: RefundRow }) {
  const t = useTranslations("refunds.refuse");
  const tDecision = useTranslations("refunds.decision");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const changed = useRefundsChanged();
  const refuse = useMutation(trpc.refunds.refuse.mutationOptions());
  return (
    <NoteDialog
      trigger={
        <>
          <XIcon aria-hidden />
          {t("action")}
        </>
      }
      text={{
        title: t("title"),
        label: t("reason"),
        tooShort: tErrors("reasonRequired"),
        cancel: tDecision("cancel"),
        confirm: t("confirm"),
        close: tDecision("close"),
      }}
      description={t.rich("body", {
        order: () => <span className="whitespace-nowrap">{refund.orderNumber}</span>,
        amount: () => (
          <strong className="text-foreground">
            <Money minor={refund.amountMinor} currency={refund.currency} />
          </strong>
        ),
      })}
      field="reason"
      minLength={2}
      maxLength={500}
      destructive
      run={async (reason) => {
        await refuse.mutateAsync({ refundId: refund.id, reason });
        toast.success(t("done", { order: refund.orderNumber }));
        void changed();
      }}
    />
  );
}
