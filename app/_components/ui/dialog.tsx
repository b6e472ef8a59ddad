"use client";

import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";
import type * as Radix from "./dialog-radix";
import { loadOnFirstOpen } from "./load-on-first-open";

// The dialog's library comes with its first opening (see loadOnFirstOpen), not with the page.
const dialog = loadOnFirstOpen(
  () => import("./dialog-radix"),
  (m) => m.Dialog,
);

export const Dialog = dialog.Root;
export const DialogTrigger = dialog.trigger((m) => m.DialogTrigger);
export const DialogClose = dialog.part((m) => m.DialogClose);
export const DialogContent = dialog.part<ComponentProps<typeof Radix.DialogContent>>(
  (m) => m.DialogContent,
);
export const DialogTitle = dialog.part<ComponentProps<typeof Radix.DialogTitle>>(
  (m) => m.DialogTitle,
);
export const DialogDescription = dialog.part<ComponentProps<typeof Radix.DialogDescription>>(
  (m) => m.DialogDescription,
);

export function DialogHeader({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      data-slot="dialog-header"
      className={cn("flex flex-col gap-1.5 pr-6", className)}
      {...props}
    />
  );
}

export function DialogFooter({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      data-slot="dialog-footer"
      className={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)}
      {...props}
    />
  );
}
