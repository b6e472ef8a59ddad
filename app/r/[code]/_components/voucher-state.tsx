import {
  BanIcon,
  CircleCheckIcon,
  ClockAlertIcon,
  TicketCheckIcon,
} from "@/app/_components/server-icons";
import { getTranslations } from "next-intl/server";
import { cn } from "@/app/_lib/cn";

/** The voucher's state in words and colour: valid (with uses and expiry), used, expired, void. */
export async function VoucherState(props: {
  status: "issued" | "redeemed" | "void";
  usesLeft: number;
  usesTotal: number;
  expiresAt: string | null;
  isExpired: boolean;
  lastUsedAt: string | null;
  voidReason: string | null;
  storeOnly: string | null;
}) {
  const t = await getTranslations("voucherReceipt.state");
  const kind =
    props.status === "void"
      ? "void"
      : props.status === "redeemed"
        ? "used"
        : props.isExpired
          ? "expired"
          : "valid";
  const Icon = {
    valid: TicketCheckIcon,
    used: CircleCheckIcon,
    expired: ClockAlertIcon,
    void: BanIcon,
  }[kind];
  return (
    <div
      data-voucher-state={kind}
      className={cn(
        "flex w-full flex-col items-center gap-1 rounded-lg px-3 py-2 text-sm",
        kind === "valid"
          ? "border-success bg-success/10 border-2"
          : "bg-muted text-muted-foreground",
      )}
    >
      <p className="inline-flex items-center gap-1.5 font-semibold">
        <Icon aria-hidden className={cn("size-4", kind === "valid" && "text-success")} />
        {t(kind)}
      </p>
      {kind === "valid" && props.usesTotal > 1 ? (
        <p>{t("usesLeft", { left: props.usesLeft, total: props.usesTotal })}</p>
      ) : null}
      {kind === "valid" || kind === "expired" ? (
        <p>{props.expiresAt ? t("expiresAt", { at: props.expiresAt }) : t("noExpiry")}</p>
      ) : null}
      {kind === "used" && props.lastUsedAt ? <p>{t("usedAt", { at: props.lastUsedAt })}</p> : null}
      {kind === "valid" && props.usesLeft < props.usesTotal && props.lastUsedAt ? (
        <p>{t("lastUsedAt", { at: props.lastUsedAt })}</p>
      ) : null}
      {kind === "void" && props.voidReason ? (
        <p>{t("voidReason", { reason: props.voidReason })}</p>
      ) : null}
      {kind === "valid" ? (
        <p>{props.storeOnly ? t("storeOnly", { store: props.storeOnly }) : t("anyStore")}</p>
      ) : null}
    </div>
  );
}
