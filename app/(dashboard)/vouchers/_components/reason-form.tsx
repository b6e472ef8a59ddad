"use client";

import { useState } from "react";
import { Button } from "@/app/_components/ui/button";
import {
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/app/_components/ui/dialog";
import { Field, invalidProps } from "@/app/_components/ui/field";
import { Input } from "@/app/_components/ui/input";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";

/** What the reason dialog says, in the caller's words. */
export interface ReasonText {
  title: string;
  body: string;
  reason: string;
  reasonHint: string;
  keep: string;
  confirm: string;
}

/** ReasonDialog's content: the reason asked for and the confirmation (loaded at first opening). */
export function ReasonDialogContent(props: {
  text: ReasonText;
  pending: boolean;
  error: unknown;
  onKeep: () => void;
  /** `done` empties the field, once the action succeeded. */
  onConfirm: (reason: string, done: () => void) => void;
}) {
  const { text } = props;
  const errorMessage = useErrorMessage();
  const fieldErrors = useFieldErrors();
  const [reason, setReason] = useState("");
  const errors = props.error ? fieldErrors(props.error) : {};
  return (
    <DialogContent closeLabel={text.keep}>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          props.onConfirm(reason, () => setReason(""));
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
          <Button type="button" variant="outline" onClick={props.onKeep}>
            {text.keep}
          </Button>
          <Button type="submit" variant="destructive" disabled={props.pending}>
            {text.confirm}
          </Button>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
