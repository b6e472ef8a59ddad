"use client";

import { BanIcon } from "lucide-react";
import { useState } from "react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import { AfterFirstOpen } from "@/app/_components/ui/after-first-open";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogTrigger } from "@/app/_components/ui/dialog";

// The reason form, its mutation and its sentences: fetched when Void is pointed at, focused or
// pressed, not with every paid order's page (few vouchers are ever voided).
const { Lazy: VoidVoucherContent, fetchAhead } = lazyWithMessages(
  ["vouchers.void"],
  () => import("./void-voucher-form"),
  (m) => m.VoidVoucherContent,
);

/** A manager voids a voucher (lost, disputed, given by mistake): it can never be redeemed again. */
export function VoidVoucherDialog({ voucherId, code }: { voucherId: string; code: string }) {
  const t = useTranslations("vouchers.orderCard");
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild {...fetchAhead}>
        <Button variant="outline" size="sm">
          <BanIcon aria-hidden />
          {t("void")}
        </Button>
      </DialogTrigger>
      <AfterFirstOpen open={open}>
        <VoidVoucherContent
          voucherId={voucherId}
          code={code}
          open={open}
          close={() => setOpen(false)}
        />
      </AfterFirstOpen>
    </Dialog>
  );
}
