import type { ReactNode } from "react";
import { ClientMessages } from "@/app/_i18n/client-messages";

/** The messages this page's client components say (see ClientMessages). */
export default function ChangePasswordLayout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={["account", "errors"]}>{children}</ClientMessages>;
}
