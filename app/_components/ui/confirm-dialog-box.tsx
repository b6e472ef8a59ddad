"use client";

import type { ReactNode } from "react";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
} from "./alert-dialog";

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  /** What the dialog asks besides its sentence (a number to type, a count). */
  children?: ReactNode;
  cancel: ReactNode;
  /** The confirming button: a plain Button, which closes the dialog itself when it should. */
  action: ReactNode;
  /** Where the keyboard's focus goes back to once the dialog closes (its opener). */
  returnFocus?: HTMLElement | null;
}

/** The AlertDialog of confirm-dialog.tsx, in a module of its own: loaded when first opened. */
export function ConfirmDialogBox(props: ConfirmDialogProps) {
  return (
    <AlertDialog open={props.open} onOpenChange={props.onOpenChange}>
      <AlertDialogContent
        onCloseAutoFocus={(e) => {
          if (!props.returnFocus) return;
          e.preventDefault();
          props.returnFocus.focus();
        }}
      >
        <AlertDialogTitle>{props.title}</AlertDialogTitle>
        <AlertDialogDescription>{props.description}</AlertDialogDescription>
        {props.children}
        <AlertDialogFooter>
          <AlertDialogCancel>{props.cancel}</AlertDialogCancel>
          {props.action}
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
