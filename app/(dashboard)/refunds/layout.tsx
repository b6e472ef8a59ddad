import type { ReactNode } from "react";
import { ClientMessages } from "@/app/_i18n/client-messages";

/** The messages this area's client components say (see ClientMessages). */
export default function RefundsLayout({ children }: { children: ReactNode }) {
  return (
    <ClientMessages
      namespaces={[
        "refunds",
        "paymentMethods",
        "errors.invalidAmount",
        "errors.invalidCurrency",
        "errors.reasonRequired",
        "errors.refundRedeemedVoucher",
      ]}
    >
      {children}
    </ClientMessages>
  );
}
