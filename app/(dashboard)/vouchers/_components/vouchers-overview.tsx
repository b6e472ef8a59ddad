"use client";

import { DownloadIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState } from "react";
import { PageHeader } from "@/app/_components/page-header";
import { buttonVariants } from "@/app/_components/ui/button";
import { cn } from "@/app/_lib/cn";
import { CodeBlocksCard } from "./code-blocks-card";
import { LiabilityCards } from "./liability-cards";
import { RedemptionLog, type LogFilters } from "./redemption-log";
import { VoucherSettingsCard } from "./voucher-settings-card";

/** Vouchers for the back office: what is still owed, the redemption log, the rules. */
export function VouchersOverview({
  stores,
  canManage,
}: {
  stores: { id: string; name: string }[];
  canManage: boolean;
}) {
  const t = useTranslations("vouchers");
  const [filters, setFilters] = useState<LogFilters>({});
  const exportHref = `/api/exports/redemptions?${new URLSearchParams(
    Object.entries(filters).filter((e): e is [string, string] => !!e[1]),
  ).toString()}`;
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6">
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <a href={exportHref} download className={cn(buttonVariants({ variant: "outline" }))}>
            <DownloadIcon aria-hidden />
            {t("log.export")}
          </a>
        }
      />
      {canManage ? <CodeBlocksCard /> : null}
      <LiabilityCards />
      <RedemptionLog
        stores={stores}
        filters={filters}
        onFilters={setFilters}
        canReverse={canManage}
      />
      <VoucherSettingsCard canEdit={canManage} />
    </div>
  );
}
