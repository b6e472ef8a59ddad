import type { ReactNode } from "react";
import { canAccess, handlesSupport, seesFailureAnalytics } from "@/server/auth/roles.logic";
import { ClientMessages } from "@/app/_i18n/client-messages";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { FailureTabs, type FailureTab } from "./_components/failure-tabs";

/** The failures area: the log for everyone who may open it, the other tabs by role. */
export default async function FailuresLayout({ children }: { children: ReactNode }) {
  const me = await requireMerchant();
  const role = me.merchant.role;
  if (!canAccess(role, "failures")) return <NoAccess />;
  const tabs: FailureTab[] = ["log"];
  if (seesFailureAnalytics.includes(role)) tabs.push("analytics");
  if (handlesSupport.includes(role)) tabs.push("notes", "messages");
  return (
    <ClientMessages
      namespaces={[
        "failures",
        "orders",
        "paymentMethods",
        "alerts",
        "errors.invalidAmount",
        "errors.invalidCurrency",
      ]}
    >
      <div className="mx-auto flex max-w-6xl flex-col gap-6">
        <FailureTabs tabs={tabs} />
        {children}
      </div>
    </ClientMessages>
  );
}
