import type { ReactNode } from "react";
import { ClientMessages } from "@/app/_i18n/client-messages";

/** The messages this page's client components say (see ClientMessages). */
export default function SetupLayout({ children }: { children: ReactNode }) {
  return (
    <ClientMessages namespaces={["setup", "timeZones", "setupRestore", "errors"]}>
      {children}
    </ClientMessages>
  );
}
