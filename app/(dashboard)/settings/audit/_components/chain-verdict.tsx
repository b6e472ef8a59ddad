"use client";

import { CircleAlertIcon, CircleCheckIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import type { ReactNode } from "react";
import type { RouterOutputs } from "../../../_lib/router-types";
import { useShopTime } from "../../../_lib/use-shop-time";

type Verdict = RouterOutputs["audit"]["verify"];

function Line({ ok, children }: { ok: boolean; children: ReactNode }) {
  const Icon = ok ? CircleCheckIcon : CircleAlertIcon;
  return (
    <p className={`flex items-start gap-2 text-sm ${ok ? "text-emerald-700" : "text-destructive"}`}>
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span>{children}</span>
    </p>
  );
}

/** The chain check in words: how far it holds, and how it compares with the exported head. */
export function ChainVerdict({ verdict }: { verdict: Verdict }) {
  const t = useTranslations("audit.chain");
  const time = useShopTime();
  const { chain, head } = verdict;
  const at = (iso: string) => time.precise(new Date(iso));
  return (
    <div className="flex flex-col gap-1" data-testid="chain-verdict">
      {chain.intact ? (
        <Line ok>
          {chain.lastSeq === 0 ? t("emptyChain") : t("intact", { seq: chain.lastSeq })}
          {chain.legacyUpTo ? ` ${t("legacy", { seq: chain.legacyUpTo })}` : null}
        </Line>
      ) : (
        <Line ok={false}>
          {t("broken", { seq: chain.brokenSeq, upTo: chain.intactUpTo })}{" "}
          {t(`reasons.${chain.reason}`)}
        </Line>
      )}
      {head === null ? (
        <Line ok={false}>{t("noHead")}</Line>
      ) : head.comparison.kind === "matches" ? (
        <Line ok>{t("headMatches", { seq: head.seq, at: at(head.exportedAt) })}</Line>
      ) : head.comparison.kind === "badSignature" ? (
        <Line ok={false}>{t("headBadSignature")}</Line>
      ) : (
        <Line ok={false}>{t("headMismatch", { seq: head.seq, at: at(head.exportedAt) })}</Line>
      )}
    </div>
  );
}
