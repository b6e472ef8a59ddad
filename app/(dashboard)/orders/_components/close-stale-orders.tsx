"use client";

import { ArchiveXIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { AfterFirstOpen } from "@/app/_components/ui/after-first-open";
import { Button } from "@/app/_components/ui/button";
import { confirmOpenerProps } from "@/app/_components/ui/confirm-dialog";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";

// The confirmation and its sentences: fetched when its button is pointed at, focused or
// pressed, not with every visit to the list.
const { Lazy: CloseStaleDialog, fetchAhead } = lazyWithMessages(
  ["staleOrders"],
  () => import("./close-stale-dialog"),
  (m) => m.CloseStaleDialog,
);

/** Owner and manager: the button that asks to close stale pending orders. */
export function CloseStaleOrders() {
  const t = useTranslations("orderList");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="outline"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
        // The box and its dialog library, and the part with its sentences.
        onPointerEnter={() => {
          confirmOpenerProps.onPointerEnter();
          fetchAhead.onPointerEnter();
        }}
        onFocus={() => {
          confirmOpenerProps.onFocus();
          fetchAhead.onFocus();
        }}
      >
        <ArchiveXIcon />
        {t("closeStale")}
      </Button>
      <AfterFirstOpen open={open}>
        <CloseStaleDialog open={open} onOpenChange={setOpen} />
      </AfterFirstOpen>
    </>
  );
}
