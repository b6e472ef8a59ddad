import type { ReactNode } from "react";
import { ClientMessages } from "@/app/_i18n/client-messages";

/** The messages this area's client components say (see ClientMessages). */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <ClientMessages
      namespaces={[
        "settings",
        "roles",
        "timeZones",
        "errors.invalidAmount",
        "errors.invalidCurrency",
      ]}
    >
      {children}
    </ClientMessages>
  );
}
