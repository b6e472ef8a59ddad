"use client";

import { useRouter } from "next/navigation";
import {
  useEffect,
  useRef,
  useState,
  type ChangeEvent,
  type FormEvent,
  type ReactNode,
} from "react";
import { PlainLink } from "@/app/_components/plain-link";
import type { CustomerErrorTexts } from "@/app/_i18n/customer-errors";
import { errorSentence, fieldErrorSentences, saidErrors } from "@/app/_lib/error-sentence";
import { useTypedBeforeHydration } from "@/app/_lib/use-typed-before-hydration";
import { usePayMutation } from "@/app/_trpc/pay-client";
import type { SandboxOutcome } from "@/server/connectors/sandbox/sandbox-outcomes";

/** The wallet form's words (the `sandbox` messages), said by the server. */
export type WalletTexts = Record<
  | "pin"
  | "pinHint"
  | "outcome"
  | "outcomeHint"
  | "confirm"
  | "returning"
  | "backToShop"
  | "balance",
  string
> & {
  /** Each outcome's name, explanation and the wallet's answer once it is given, in the wallet's order. */
  outcomes: { value: SandboxOutcome; label: string; hint: string; result: string }[];
};

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
 * the customer back to the pay page, where the result shows live. Its words, amounts, icons
 * and looks come from the server (WalletForm's page); `closedAtLoad` is why it cannot pay,
 * if it already could not when the page was rendered.
 */
export function SandboxWallet({
  token,
  closedAtLoad,
  texts,
  errors,
  balance,
  classes,
  icons,
}: {
  token: string;
  closedAtLoad: string | null;
  texts: WalletTexts;
  errors: CustomerErrorTexts<"pinFormat" | "invalidValue">;
  /** The pretend balance, formatted. */
  balance: ReactNode;
  classes: { pin: string; confirm: string; back: string };
  icons: { back: ReactNode; busy: ReactNode };
}) {
  const router = useRouter();
  const said = saidErrors(errors);
  const [pin, setPin] = useState("");
  const onPinChange = (e: ChangeEvent<HTMLInputElement>) =>
    setPin(e.target.value.replace(/\D/g, "").slice(0, 6));
  const [outcome, setOutcome] = useState<SandboxOutcome>("pay");
  const [pinError, setPinError] = useState<string | undefined>();
  const pinInput = useRef<HTMLInputElement>(null);
  const pinField = useTypedBeforeHydration(pinInput, { value: pin, onChange: onPinChange });
  const confirm = usePayMutation("pay.sandboxConfirm", {
    onError: (err) => {
      // A wrong PIN is refused by the wallet (the server): said next to the PIN field.
      const field = (err.data.details as { field?: unknown } | null | undefined)?.field;
      setPinError(field === "pin" ? errorSentence(said, err) : fieldErrorSentences(said, err).pin);
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

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!/^\d{6}$/.test(pin)) {
      setPinError(said("pinFormat"));
      pinInput.current?.focus();
      return;
    }
    setPinError(undefined);
    confirm.mutate({ token, pin, outcome });
  }

  const errorText = confirm.error && !pinError ? errorSentence(said, confirm.error) : null;
  // Closed or already answered: the form has nothing left to do. Other errors (the network)
  // keep it, to try again.
  const blocking = closedAtLoad ?? (isFinal(confirm.error) ? errorText : null);
  const alertText = closedAtLoad ?? errorText;

  return (
    <>
      {/* Always present (out of the flow while empty), so the wallet's answer is announced. */}
      <div
        role="status"
        className={done ? "flex flex-col gap-1 rounded-2xl bg-white p-5 shadow-sm" : "sr-only"}
      >
        {done ? (
          <>
            <p className="font-medium">{texts.outcomes.find((o) => o.value === done)?.result}</p>
            {returnsAutomatically ? (
              <p className="text-sm text-slate-600">{texts.returning}</p>
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
        <PlainLink href={payPage} replace className={classes.back}>
          {icons.back}
          {texts.backToShop}
        </PlainLink>
      ) : (
        <form
          onSubmit={onSubmit}
          noValidate
          className="flex flex-col gap-5 rounded-2xl bg-white p-5 shadow-sm"
        >
          <div className="flex items-baseline justify-between gap-3 text-sm">
            <span className="text-slate-600">{texts.balance}</span>
            {balance}
          </div>

          {/* ui/Field's markup, without the console's Label and class merging. */}
          <div className="flex flex-col gap-2">
            <label htmlFor="pin" className="text-sm leading-none font-medium select-none">
              {texts.pin}
            </label>
            <input
              {...pinField}
              id="pin"
              name="pin"
              type="password"
              inputMode="numeric"
              autoComplete="off"
              maxLength={6}
              value={pin}
              className={classes.pin}
              aria-invalid={pinError ? true : undefined}
              aria-describedby={pinError ? "pin-error" : "pin-hint"}
            />
            {pinError ? (
              <p id="pin-error" className="text-destructive text-sm">
                {pinError}
              </p>
            ) : (
              <p id="pin-hint" className="text-muted-foreground text-xs">
                {texts.pinHint}
              </p>
            )}
          </div>

          <fieldset aria-describedby="outcome-hint" className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">{texts.outcome}</legend>
            <p id="outcome-hint" className="-mt-1 mb-1 text-xs text-slate-600">
              {texts.outcomeHint}
            </p>
            {texts.outcomes.map(({ value, label, hint }) => (
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
                    {label}
                  </span>
                  <span id={`outcome-${value}-hint`} className="text-xs text-slate-600">
                    {hint}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>

          <button type="submit" disabled={confirm.isPending} className={classes.confirm}>
            {confirm.isPending ? icons.busy : null}
            {texts.confirm}
          </button>
        </form>
      )}
    </>
  );
}
