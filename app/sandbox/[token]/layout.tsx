import type { ReactNode } from "react";
import { CustomerMessages } from "@/app/_i18n/customer-messages";

/** The messages this page's client components say (see CustomerMessages). */
export default function SandboxWalletLayout({ children }: { children: ReactNode }) {
  return <CustomerMessages namespaces={["sandbox"]}>{children}</CustomerMessages>;
}
