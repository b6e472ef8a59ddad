"use client";

import type { LucideIcon } from "lucide-react";
import { useState } from "react";
import { AfterFirstOpen, lazyWithFetchAhead } from "@/app/_components/ui/after-first-open";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogTrigger } from "@/app/_components/ui/dialog";
import type { ReasonText } from "./reason-form";

// The form: fetched when the button is pointed at, focused or pressed, not with the page that
// shows the button (an order's page, the redemption log).
const { Lazy: ReasonDialogContent, fetchAhead: fetchContentAhead } = lazyWithFetchAhead(
  () => import("./reason-form"),
  (m) => m.ReasonDialogContent,
);

/**
 * A destructive voucher action that needs a reason (reverse a redemption, void a voucher):
 * a button, then a dialog that asks why and confirms. The caller owns the mutation.
 */
export function ReasonDialog(props: {
  icon: LucideIcon;
  text: ReasonText & { action: string };
  pending: boolean;
  error: unknown;
  reset: () => void;
  /** Runs the mutation; `close` is called on success. */
  onConfirm: (reason: string, close: () => void) => void;
}) {
  const { text, icon: Icon } = props;
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) props.reset();
      }}
    >
      <DialogTrigger asChild {...fetchContentAhead}>
        <Button variant="outline" size="sm">
          <Icon aria-hidden />
          {text.action}
        </Button>
      </DialogTrigger>
      <AfterFirstOpen open={open}>
        <ReasonDialogContent
          text={text}
          pending={props.pending}
          error={props.error}
          onKeep={() => setOpen(false)}
          onConfirm={(reason, done) =>
            props.onConfirm(reason, () => {
              setOpen(false);
              done();
            })
          }
        />
      </AfterFirstOpen>
    </Dialog>
  );
}
