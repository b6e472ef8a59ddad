"use client";

import { PrinterIcon } from "lucide-react";
import { buttonClass } from "@/app/_components/ui/button-class";

export function PrintButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      className={buttonClass("outline", "lg", "w-full")}
      onClick={() => window.print()}
    >
      <PrinterIcon aria-hidden />
      {label}
    </button>
  );
}
