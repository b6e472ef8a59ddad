import type { ReactNode } from "react";
import { ClientMessages } from "@/app/_i18n/client-messages";

/** The messages this area's client components say (see ClientMessages). */
export default function ShiftsLayout({ children }: { children: ReactNode }) {
  return (
    <ClientMessages
      namespaces={[
        "shifts",
        "errors.amountPositive",
        "errors.invalidAmount",
        "errors.invalidCurrency",
        "errors.reasonRequired",
        "errors.tooLong",
      ]}
    >
      {children}
    </ClientMessages>
  );
}
