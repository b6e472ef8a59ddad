"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
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
import { NoteField } from "@/app/_components/ui/field";
import { useErrorMessage, useFieldErrors } from "@/app/_lib/use-error-message";

/**
 * A decision that needs a written note before it acts (resolve an alert, accept a
 * reconciliation difference, refuse a refund): a button, then a dialog with the one required
 * note, cancel and confirm. The caller runs the decision; the dialog closes when it succeeds,
 * and when it fails shows the server's sentence about the note (or the whole error) under it.
 */
export function NoteDialog({
  trigger,
  triggerVariant = "outline",
  triggerSize = "sm",
  text,
  description,
  children,
  field,
  minLength,
  maxLength,
  destructive = false,
  run,
}: {
  /** The button's content: its icon and words. */
  trigger: ReactNode;
  triggerVariant?: "outline" | "default";
  triggerSize?: "sm" | "default";
  text: {
    title: string;
    label: string;
    placeholder?: string;
    /** Said when the note is shorter than `minLength`. */
    tooShort: string;
    cancel: string;
    confirm: string;
    close: string;
  };
  /** What the decision does, under the title. */
  description: ReactNode;
  /** Anything between the description and the note (a link to where the cause is fixed). */
  children?: ReactNode;
  /** The note's name among the server's field errors. */
  field: "note" | "reason";
  /** The fewest characters the server takes, checked here first. */
  minLength: number;
  maxLength: number;
  destructive?: boolean;
  /** Takes the decision with the trimmed note; rejects with the server's error. */
  run: (note: string) => Promise<unknown>;
}) {
  const errorMessage = useErrorMessage();
  const fieldErrors = useFieldErrors();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = note.trim();
    if (trimmed.length < minLength) {
      setError(text.tooShort);
      return;
    }
    setPending(true);
    try {
      await run(trimmed);
      setOpen(false);
    } catch (err) {
      setError(fieldErrors(err)[field] ?? errorMessage(err));
    } finally {
      setPending(false);
    }
  }
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setNote("");
        setError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button size={triggerSize} variant={triggerVariant}>
          {trigger}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={text.close}>
        <DialogHeader>
          <DialogTitle>{text.title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {children}
        <form onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4">
          <NoteField
            id={`${id}-${field}`}
            label={text.label}
            value={note}
            maxLength={maxLength}
            placeholder={text.placeholder}
            onChange={(value) => {
              setNote(value);
              setError(null);
            }}
            error={error}
          />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              {text.cancel}
            </Button>
            <Button
              type="submit"
              variant={destructive ? "destructive" : "default"}
              disabled={pending}
            >
              {text.confirm}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
