import type { ReactNode } from "react";
import { ClientMessages } from "@/app/_i18n/client-messages";
import { ConsoleProviders } from "@/app/_trpc/console-providers";

/**
 * The console's data layer and toasts (ConsoleProviders), and the messages this page's client
 * components say (see ClientMessages).
 */
export default function ChangePasswordLayout({ children }: { children: ReactNode }) {
  return (
    <ConsoleProviders>
      <ClientMessages namespaces={["account", "errors"]}>{children}</ClientMessages>
    </ConsoleProviders>
  );
}
