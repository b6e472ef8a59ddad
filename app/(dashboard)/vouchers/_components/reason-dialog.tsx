"use client";

import type { LucideIcon } from "lucide-react";
import { useState } from "react";
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
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";

/**
 * A destructive voucher action that needs a reason (reverse a redemption, void a voucher):
 * a button, then a dialog that asks why and confirms. The caller owns the mutation.
 */
export function ReasonDialog(props: {
  icon: LucideIcon;
  text: {
    action: string;
    title: string;
    body: string;
    reason: string;
    reasonHint: string;
    keep: string;
    confirm: string;
  };
  pending: boolean;
  error: unknown;
  reset: () => void;
  /** Runs the mutation; `close` is called on success. */
  onConfirm: (reason: string, close: () => void) => void;
}) {
  const { text, icon: Icon } = props;
  const errorMessage = useErrorMessage();
  const fieldErrors = useFieldErrors();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const errors = props.error ? fieldErrors(props.error) : {};
  const close = () => {
    setOpen(false);
    setReason("");
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) props.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <Icon aria-hidden />
          {text.action}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={text.keep}>
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            props.onConfirm(reason, close);
          }}
        >
          <DialogHeader>
            <DialogTitle>{text.title}</DialogTitle>
            <DialogDescription>{text.body}</DialogDescription>
          </DialogHeader>
          <Field id="reason" label={text.reason} error={errors.reason} hint={text.reasonHint}>
            <Input
              id="reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={300}
              required
              {...invalidProps(errors, "reason")}
            />
          </Field>
          {props.error && !errors.reason ? (
            <p role="alert" className="text-destructive text-sm">
              {errorMessage(props.error)}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              {text.keep}
            </Button>
            <Button type="submit" variant="destructive" disabled={props.pending}>
              {text.confirm}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
