"use client";

import type { inferRouterOutputs } from "@trpc/server";
import {
  BanIcon,
  CircleCheckBigIcon,
  CircleXIcon,
  ClockAlertIcon,
  KeyboardIcon,
  SearchXIcon,
  StoreIcon,
  TicketIcon,
  type LucideIcon,
} from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import type { ReactNode } from "react";
import { Money } from "@/app/_components/money";
import { cn } from "@/app/_lib/cn";
import type { AppRouter } from "@/server/trpc/root";
import { formatCode, lookalikes } from "@/server/vouchers/voucher-code.logic";
import { useShopTime } from "../../_lib/use-shop-time";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

export type Verdict = inferRouterOutputs<AppRouter>["vouchers"]["redeem"];
type Result = Verdict["result"];

const look: Record<Result, { tone: "ready" | "ok" | "stop" | "warn"; icon: LucideIcon }> = {
  valid: { tone: "ready", icon: TicketIcon },
  redeemed: { tone: "ok", icon: CircleCheckBigIcon },
  used: { tone: "stop", icon: CircleXIcon },
  void: { tone: "stop", icon: BanIcon },
  expired: { tone: "stop", icon: ClockAlertIcon },
  wrong_store: { tone: "warn", icon: StoreIcon },
  not_found: { tone: "stop", icon: SearchXIcon },
  bad_check: { tone: "warn", icon: KeyboardIcon },
  bad_format: { tone: "warn", icon: KeyboardIcon },
  bad_character: { tone: "warn", icon: KeyboardIcon },
};

const toneClass = {
  ready: "border-primary bg-primary/10",
  ok: "border-success bg-success/15",
  stop: "border-destructive bg-destructive/10",
  warn: "border-warning bg-warning/15",
};
const iconClass = {
  ready: "text-primary",
  ok: "text-success",
  stop: "text-destructive",
  warn: "text-warning",
};

/** The answer to a check or a redemption: large, coloured, with what the voucher is for. */
export function VerdictPanel({ verdict, actions }: { verdict: Verdict; actions?: ReactNode }) {
  const t = useTranslations("redeem");
  const time = useShopTime();
  const { tone, icon: Icon } = look[verdict.result];
  const v = verdict.voucher;
  const last = v?.lastRedemption;
  return (
    <section
      role="status"
      aria-live="assertive"
      data-result={verdict.result}
      className={cn("flex flex-col gap-4 rounded-2xl border-4 p-5 sm:p-6", toneClass[tone])}
    >
      <div className="flex items-center gap-4">
        <Icon aria-hidden className={cn("size-14 shrink-0 sm:size-16", iconClass[tone])} />
        <div className="min-w-0">
          <h2 className="text-2xl font-bold sm:text-3xl">{t(`result.${verdict.result}`)}</h2>
          <p className="text-base sm:text-lg">
            {verdict.result === "used" && last
              ? isolatedSentence(
                  t,
                  "detail.usedBy",
                  {
                    staff: last.staffName ?? t("detail.formerStaff"),
                    store: last.storeName,
                    at: time.precise(last.at),
                  },
                  ["staff", "store"],
                )
              : verdict.result === "void"
                ? isolatedSentence(t, "detail.void", { reason: v?.voidReason ?? "—" }, ["reason"])
                : verdict.result === "expired" && v?.expiresAt
                  ? t("detail.expired", { at: time.dateTime(v.expiresAt) })
                  : verdict.result === "wrong_store"
                    ? t("detail.wrongStore", { store: v?.storeName ?? "—" })
                    : verdict.result === "redeemed" && v && v.usesTotal > 1
                      ? t("detail.usesLeft", { left: v.usesLeft, total: v.usesTotal })
                      : verdict.result === "bad_character" && verdict.character
                        ? t(
                            lookalikes.includes(verdict.character.character)
                              ? "detail.bad_character_lookalike"
                              : "detail.bad_character_other",
                            verdict.character,
                          )
                        : t(`detail.${verdict.result}`)}
          </p>
        </div>
      </div>
      {v ? (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
          <Item label={t("field.code")}>
            <span className="font-mono">{formatCode(v.code)}</span>
          </Item>
          <Item label={t("field.order")}>
            <span className="font-mono">{v.orderNumber}</span>
          </Item>
          <Item label={t("field.value")}>
            <Money minor={v.valueMinor} currency={v.currency} />
          </Item>
          <Item label={t("field.uses")}>
            {t("field.usesValue", { left: v.usesLeft, total: v.usesTotal })}
          </Item>
          <Item label={t("field.expiry")}>
            {v.expiresAt ? time.dateTime(v.expiresAt) : t("field.noExpiry")}
          </Item>
          <Item label={t("field.store")}>{v.storeName ?? t("field.anyStore")}</Item>
          {v.items.length > 0 ? (
            <div className="col-span-2">
              <dt className="text-muted-foreground">{t("field.items")}</dt>
              <dd>{v.items.map((i) => `${i.name} ×${i.quantity}`).join(", ")}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {actions}
    </section>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="font-medium break-words">{children}</dd>
    </div>
  );
}
