"use client";

import type { ComponentProps } from "react";
import { cn } from "@/app/_lib/cn";
import type * as Radix from "./alert-dialog-radix";
import { loadOnFirstOpen } from "./load-on-first-open";

// The dialog's library comes with its first opening (see loadOnFirstOpen), not with the page.
const alertDialog = loadOnFirstOpen(
  () => import("./alert-dialog-radix"),
  (m) => m.AlertDialog,
);

/** For destructive actions: it cannot be dismissed by clicking outside, only answered. */
export const AlertDialog = alertDialog.Root;
export const AlertDialogTrigger = alertDialog.trigger((m) => m.AlertDialogTrigger);
export const AlertDialogContent = alertDialog.part<ComponentProps<typeof Radix.AlertDialogContent>>(
  (m) => m.AlertDialogContent,
);
export const AlertDialogTitle = alertDialog.part<ComponentProps<typeof Radix.AlertDialogTitle>>(
  (m) => m.AlertDialogTitle,
);
export const AlertDialogDescription = alertDialog.part<
  ComponentProps<typeof Radix.AlertDialogDescription>
>((m) => m.AlertDialogDescription);
export const AlertDialogCancel = alertDialog.part<ComponentProps<typeof Radix.AlertDialogCancel>>(
  (m) => m.AlertDialogCancel,
);
export const AlertDialogAction = alertDialog.part<ComponentProps<typeof Radix.AlertDialogAction>>(
  (m) => m.AlertDialogAction,
);

export function AlertDialogFooter({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      data-slot="alert-dialog-footer"
      className={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)}
      {...props}
    />
  );
}
