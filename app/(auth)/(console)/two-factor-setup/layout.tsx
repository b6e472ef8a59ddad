import type { ReactNode } from "react";
import { ClientMessages } from "@/app/_i18n/client-messages";

/** The messages this page's client components say (see ClientMessages). */
export default function TwoFactorSetupLayout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={["twoFactor"]}>{children}</ClientMessages>;
}
