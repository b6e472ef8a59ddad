import type { ReactNode } from "react";
import { canAccess } from "@/server/auth/roles.logic";
import { ClientMessages } from "@/app/_i18n/client-messages";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { ReconTabs } from "./_components/recon-tabs";

/** Reconciliation (对账): statements, the differences they show, and the days to close. */
export default async function ReconciliationLayout({ children }: { children: ReactNode }) {
  const me = await requireMerchant();
  if (!canAccess(me.merchant.role, "reconciliation")) return <NoAccess />;
  return (
    <ClientMessages namespaces={["reconciliation", "timeZones", "errors"]}>
      <div className="mx-auto flex max-w-6xl flex-col gap-6">
        <ReconTabs />
        {children}
      </div>
    </ClientMessages>
  );
}
