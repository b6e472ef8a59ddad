"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { CopyIcon, ExternalLinkIcon, LoaderCircleIcon, RefreshCwIcon, XIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { toast } from "@/app/_components/toast";
import { Money } from "@/app/_components/money";
import { Button, buttonVariants } from "@/app/_components/ui/button";
import { Input } from "@/app/_components/ui/input";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import {
  isLoopbackHost,
  payLinkOrigin,
  type PayLinkReach,
} from "@/server/payments/pay-link-origin.logic";
import type { OrderAttempt } from "../../../_lib/router-types";
import { useNow } from "./use-now";

const noSubscribe = () => () => {};

/** The page's origin in the browser ("" while rendering on the server). */
function usePageOrigin() {
  return useSyncExternalStore(
    noSubscribe,
    () => window.location.origin,
    () => "",
  );
}

function countdown(ms: number) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

/**
 * An open wallet payment request, shown large for the customer to scan across the counter:
 * the QR of the pay link, the link itself, a copy button, the time left, and a way to cancel.
 */
export function WalletRequest({
  attempt,
  reach,
  canCancel,
  cancelling,
  onCancel,
}: {
  attempt: OrderAttempt;
  reach: PayLinkReach;
  canCancel: boolean;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const t = useTranslations("orders.wallet");
  const pageOrigin = usePageOrigin();
  const origin = pageOrigin ? payLinkOrigin(pageOrigin, reach) : "";
  const path = `/pay/${attempt.token}`;
  const url = origin ? `${origin}${path}` : "";
  // Nothing but this machine opens a loopback address: the customer's phone cannot scan it in.
  const unreachable =
    !attempt.providerQr && origin !== "" && isLoopbackHost(new URL(origin).hostname);
  // The wallet's own code when the provider gave one (当面付 / Native pay): the customer's
  // wallet app scans it directly. Otherwise the pay link, which leads to the wallet.
  const qrText = attempt.providerQr ?? url;
  const [qr, setQr] = useState<{ url: string; src: string } | null>(null);
  const linkInput = useRef<HTMLInputElement>(null);
  const now = useNow();
  // Before the first tick (hydration) the countdown shows a placeholder, not the server's time.
  const left = now === null ? null : attempt.expiresAt.getTime() - now;

  useEffect(() => {
    if (!qrText) return;
    let live = true;
    // The encoder (qrcode, ~4 KB gzip) is fetched when a request is open, not with the page.
    void import("qrcode")
      .then(({ default: QRCode }) =>
        QRCode.toDataURL(qrText, { width: 320, margin: 1, errorCorrectionLevel: "M" }),
      )
      .then((src) => {
        if (live) setQr({ url: qrText, src });
      });
    return () => {
      live = false;
    };
  }, [qrText]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      toast.success(t("copied"));
    } catch {
      // No clipboard outside a secure context (plain http on a shop's LAN): select it instead.
      linkInput.current?.select();
      toast.message(t("copyManually"));
    }
  }

  return (
    <div className="flex flex-col items-center gap-4 text-center">
      <p className="text-muted-foreground text-sm" role="status">
        {attempt.status === "pending"
          ? t("customerPaying")
          : attempt.providerQr
            ? t("scanWithApp", { method: attempt.methodLabel })
            : t("waitingScan")}
      </p>
      <div className="flex flex-col items-center gap-1">
        <span className="text-sm font-medium">{attempt.methodLabel}</span>
        <Money
          minor={attempt.amountMinor}
          currency={attempt.currency}
          className="text-3xl font-semibold"
        />
        {attempt.discountMinor > 0n ? (
          <span className="text-muted-foreground text-sm" data-testid="promotion-discount">
            {t("original")}{" "}
            <Money
              minor={attempt.amountMinor + attempt.discountMinor}
              currency={attempt.currency}
            />{" "}
            · {t("promotion")} −
            <Money minor={attempt.discountMinor} currency={attempt.currency} />
          </span>
        ) : null}
      </div>
      <div className="bg-card flex size-64 items-center justify-center rounded-xl border p-2 sm:size-72">
        {qr && qr.url === qrText ? (
          // eslint-disable-next-line @next/next/no-img-element -- a data: URL made in the browser
          <img src={qr.src} alt={t("qrAlt")} className="size-full [image-rendering:pixelated]" />
        ) : (
          <LoaderCircleIcon className="text-muted-foreground size-8 animate-spin" aria-hidden />
        )}
      </div>
      <p className="text-sm tabular-nums" aria-live="off">
        {left === null || left > 0 ? (
          <>
            {t("expiresIn")}{" "}
            <span className="font-semibold">{left === null ? "–:––" : countdown(left)}</span>
          </>
        ) : (
          <span className="text-destructive">{t("expiredWaiting")}</span>
        )}
      </p>
      <div className="flex w-full max-w-md flex-col gap-2">
        <label htmlFor={`pay-link-${attempt.id}`} className="sr-only">
          {t("link")}
        </label>
        <Input
          id={`pay-link-${attempt.id}`}
          ref={linkInput}
          readOnly
          value={url || path}
          variant="bare"
          className="text-muted-foreground h-10 w-full text-center font-mono text-xs md:text-xs"
          onFocus={(e) => e.currentTarget.select()}
          aria-describedby={unreachable ? `pay-link-note-${attempt.id}` : undefined}
        />
        {unreachable ? (
          <p id={`pay-link-note-${attempt.id}`} className="text-destructive text-sm">
            {t("loopbackLink")}
          </p>
        ) : null}
        <div className="flex flex-wrap justify-center gap-2">
          <a
            href={path}
            target="_blank"
            rel="noopener noreferrer"
            className={buttonVariants({ variant: "outline" })}
          >
            <ExternalLinkIcon aria-hidden />
            {t("open")}
          </a>
          <Button type="button" variant="outline" onClick={() => void copy()} disabled={!url}>
            <CopyIcon aria-hidden />
            {t("copy")}
          </Button>
          {canCancel ? <CheckPaymentButton attemptId={attempt.id} /> : null}
          {canCancel ? (
            <Button type="button" variant="ghost" onClick={onCancel} disabled={cancelling}>
              {cancelling ? (
                <LoaderCircleIcon className="animate-spin" aria-hidden />
              ) : (
                <XIcon aria-hidden />
              )}
              {t("cancel")}
            </Button>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/**
 * 主动查单 at the counter: the customer shows a paid screen but no notification has come.
 * A settled payment arrives through the live view like any other; otherwise say what the
 * provider answered.
 */
function CheckPaymentButton({ attemptId }: { attemptId: string }) {
  const t = useTranslations("orders.wallet");
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const check = useMutation(
    trpc.orders.checkPayment.mutationOptions({
      onSuccess: (result) => {
        if (result === "settled") toast.success(t("checkSettled"));
        else if (result === "error") toast.error(t("checkFailed"));
        else toast.message(t("checkWaiting"));
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  return (
    <Button
      type="button"
      variant="outline"
      onClick={() => check.mutate({ attemptId })}
      disabled={check.isPending}
    >
      {check.isPending ? (
        <LoaderCircleIcon className="animate-spin" aria-hidden />
      ) : (
        <RefreshCwIcon aria-hidden />
      )}
      {t("check")}
    </Button>
  );
}
