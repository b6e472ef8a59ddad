"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { ArrowLeftIcon, LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { MoneyText } from "@/app/_components/money-text";
import { PlainLink } from "@/app/_components/plain-link";
import { buttonClass } from "@/app/_components/ui/button-class";
import { fieldBoxClass } from "@/app/_components/ui/field-class";
import { useCustomerLocale, useCustomerTranslations } from "@/app/_i18n/customer-intl";
import {
  useCustomerErrorMessage,
  useCustomerFieldErrors,
} from "@/app/_lib/use-customer-error-message";
import { usePayMutation } from "@/app/_trpc/pay-client";
import { sandboxOutcomes, type SandboxOutcome } from "@/server/connectors/sandbox/sandbox-outcomes";
import type { AppRouter } from "@/server/trpc/root";
import { pretendBalance } from "../_lib/balance";

type Checkout = inferRouterOutputs<AppRouter>["pay"]["sandboxCheckout"];

const finalErrors = new Set(["payLinkClosed", "walletAlreadyUsed", "payLinkNotFound"]);
function isFinal(err: unknown): boolean {
  const key = (err as { data?: { messageKey?: string | null } } | null)?.data?.messageKey;
  return !!key && finalErrors.has(key);
}

/** After this long the wallet hands the customer back to the shop's page, as real wallets do. */
const returnDelayMs = 1200;

/**
 * The simulated wallet: the customer enters any 6-digit PIN, picks what the wallet should
 * do, and confirms. The wallet then notifies the shop (signed, like a provider) and sends
 * the customer back to the pay page, where the result shows live.
 */
export function SandboxWallet({
  token,
  checkout,
  serverNow,
}: {
  token: string;
  checkout: Checkout;
  serverNow: number;
}) {
  const t = useCustomerTranslations("sandbox");
  const tErrors = useCustomerTranslations("errors");
  const locale = useCustomerLocale();
  const router = useRouter();
  const errorMessage = useCustomerErrorMessage();
  const fieldErrorsOf = useCustomerFieldErrors();
  const [pin, setPin] = useState("");
  const [outcome, setOutcome] = useState<SandboxOutcome>("pay");
  const [pinError, setPinError] = useState<string | undefined>();
  const pinInput = useRef<HTMLInputElement>(null);
  const confirm = usePayMutation("pay.sandboxConfirm", {
    onError: (err) => {
      // A wrong PIN is refused by the wallet (the server): said next to the PIN field.
      const field = (err.data.details as { field?: unknown } | null | undefined)?.field;
      setPinError(field === "pin" ? errorMessage(err) : fieldErrorsOf(err).pin);
    },
  });
  const done = confirm.data?.outcome ?? null;
  const payPage = `/pay/${token}`;

  // "No callback" stays: its explanation is the point. Every other answer returns to the shop.
  const returnsAutomatically = done !== null && done !== "no_callback";
  useEffect(() => {
    if (!returnsAutomatically) return;
    const timer = setTimeout(() => router.replace(payPage), returnDelayMs);
    return () => clearTimeout(timer);
  }, [returnsAutomatically, router, payPage]);

  const closedAtLoad =
    checkout.walletOutcome !== null
      ? tErrors("walletAlreadyUsed")
      : !(checkout.status === "created" || checkout.status === "pending") ||
          checkout.expiresAt.getTime() <= serverNow
        ? tErrors("payLinkClosed")
        : null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!/^\d{6}$/.test(pin)) {
      setPinError(tErrors("pinFormat"));
      pinInput.current?.focus();
      return;
    }
    setPinError(undefined);
    confirm.mutate({ token, pin, outcome });
  }

  const errorText = confirm.error && !pinError ? errorMessage(confirm.error) : null;
  // Closed or already answered: the form has nothing left to do. Other errors (the network)
  // keep it, to try again.
  const blocking = closedAtLoad ?? (isFinal(confirm.error) ? errorText : null);
  const alertText = closedAtLoad ?? errorText;

  return (
    <div className="flex flex-col gap-4">
      <section
        aria-label={t("paymentLabel")}
        className="flex flex-col items-center gap-1 rounded-2xl bg-white px-5 py-6 text-center shadow-sm"
      >
        <p className="text-sm text-slate-600">{t("payTo")}</p>
        <p className="text-lg font-semibold">{checkout.merchantName}</p>
        <MoneyText
          locale={locale}
          minor={checkout.amountMinor}
          currency={checkout.currency}
          className="mt-2 max-w-full text-4xl font-semibold tracking-tight [overflow-wrap:anywhere]"
        />
        <p className="mt-1 text-xs text-slate-600">
          {t("orderNumber", { number: checkout.orderNumber })}
        </p>
      </section>

      {/* Always present (out of the flow while empty), so the wallet's answer is announced. */}
      <div
        role="status"
        className={done ? "flex flex-col gap-1 rounded-2xl bg-white p-5 shadow-sm" : "sr-only"}
      >
        {done ? (
          <>
            <p className="font-medium">{t(`result.${done}`)}</p>
            {returnsAutomatically ? (
              <p className="text-sm text-slate-600">{t("returning")}</p>
            ) : null}
          </>
        ) : null}
      </div>

      {alertText ? (
        <p
          role="alert"
          className="rounded-2xl border border-red-200 bg-red-50 p-4 text-sm text-red-900"
        >
          {alertText}
        </p>
      ) : null}

      {done || blocking ? (
        <PlainLink href={payPage} replace className={buttonClass("outline", "lg", "w-full")}>
          <ArrowLeftIcon aria-hidden />
          {t("backToShop")}
        </PlainLink>
      ) : (
        <form
          onSubmit={onSubmit}
          noValidate
          className="flex flex-col gap-5 rounded-2xl bg-white p-5 shadow-sm"
        >
          <div className="flex items-baseline justify-between gap-3 text-sm">
            <span className="text-slate-600">{t("balance")}</span>
            <MoneyText
              locale={locale}
              minor={pretendBalance(checkout.amountMinor, checkout.currency)}
              currency={checkout.currency}
              className="font-medium"
            />
          </div>

          {/* ui/Field's markup, without the console's Label and class merging. */}
          <div className="flex flex-col gap-2">
            <label htmlFor="pin" className="text-sm leading-none font-medium select-none">
              {t("pin")}
            </label>
            <input
              ref={pinInput}
              id="pin"
              name="pin"
              type="password"
              inputMode="numeric"
              autoComplete="off"
              maxLength={6}
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, "").slice(0, 6))}
              className={`h-12 ${fieldBoxClass} text-center text-xl tracking-[0.6em] md:text-xl`}
              aria-invalid={pinError ? true : undefined}
              aria-describedby={pinError ? "pin-error" : "pin-hint"}
            />
            {pinError ? (
              <p id="pin-error" className="text-destructive text-sm">
                {pinError}
              </p>
            ) : (
              <p id="pin-hint" className="text-muted-foreground text-xs">
                {t("pinHint")}
              </p>
            )}
          </div>

          <fieldset aria-describedby="outcome-hint" className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">{t("outcome")}</legend>
            <p id="outcome-hint" className="-mt-1 mb-1 text-xs text-slate-600">
              {t("outcomeHint")}
            </p>
            {sandboxOutcomes.map((value) => (
              <label
                key={value}
                className="flex cursor-pointer items-start gap-3 rounded-lg border p-3 text-sm transition-colors has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50 has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-indigo-600/40"
              >
                <input
                  type="radio"
                  name="outcome"
                  value={value}
                  checked={outcome === value}
                  onChange={() => setOutcome(value)}
                  aria-labelledby={`outcome-${value}-label`}
                  aria-describedby={`outcome-${value}-hint`}
                  className="mt-0.5 size-4 shrink-0 accent-indigo-600"
                />
                <span className="flex flex-col gap-0.5">
                  <span id={`outcome-${value}-label`} className="font-medium">
                    {t(`outcomes.${value}`)}
                  </span>
                  <span id={`outcome-${value}-hint`} className="text-xs text-slate-600">
                    {t(`outcomeHints.${value}`)}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>

          <button
            type="submit"
            disabled={confirm.isPending}
            className={buttonClass(
              null,
              "lg",
              "w-full bg-indigo-600 text-white shadow-xs hover:bg-indigo-700",
            )}
          >
            {confirm.isPending ? <LoaderCircleIcon aria-hidden className="animate-spin" /> : null}
            {t("confirm")}
          </button>
        </form>
      )}
    </div>
  );
}
