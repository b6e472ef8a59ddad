import type { ReactNode } from "react";
import { ClientMessages } from "@/app/_i18n/client-messages";

/** The messages this area's client components say (see ClientMessages). */
export default function PaymentMethodsLayout({ children }: { children: ReactNode }) {
  return (
    <ClientMessages namespaces={["paymentMethods", "methodSetup", "errors.invalidCurrency"]}>
      {children}
    </ClientMessages>
  );
}
