"use client";

import { PrinterIcon } from "lucide-react";
import { Button } from "@/app/_components/ui/button";

export function PrintButton({ label }: { label: string }) {
  return (
    <Button variant="outline" size="lg" className="w-full" onClick={() => window.print()}>
      <PrinterIcon aria-hidden />
      {label}
    </Button>
  );
}
