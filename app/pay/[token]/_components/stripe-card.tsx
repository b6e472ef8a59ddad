"use client";

import { CreditCardIcon, LoaderCircleIcon } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { buttonClass } from "@/app/_components/ui/button-class";
import { usePayMutation } from "@/app/_trpc/pay-client";
import { usePayQuery } from "@/app/_trpc/pay-query";
import { loadStripeJs, stripeLocale, type Stripe, type StripeElements } from "../_lib/stripe-js";
import { usePayLive } from "./pay-live";

/** The card form's words (the `pay.card` messages), said by the server. */
export type CardTexts = Record<
  "formLabel" | "loading" | "pay" | "fillIn" | "notConfirmed" | "confirmingHint",
  string
>;

/** Stripe adds these to our return_url when it sends the customer back (3-D Secure, a bank page). */
const returnParams = ["payment_intent", "payment_intent_client_secret", "redirect_status"];

/**
 * The card form of an open Stripe request: Stripe's Payment Element, started with the
 * method's publishable key and this request's client secret. Whatever the browser hears
 * from Stripe, the page only says "confirming" and asks the shop's server to ask Stripe: the
 * order turns paid by Stripe's signed notification or the server's own query, and the page
 * follows it through its live updates. When Stripe.js cannot load, the page says so and
 * offers the other ways to pay (`unavailable`, rendered by the server).
 */
export function StripeCard({
  token,
  locale,
  texts,
  unavailable,
}: {
  token: string;
  locale: string;
  texts: CardTexts;
  unavailable: ReactNode;
}) {
  const { cardConfirming: confirming, confirmCard: onConfirming } = usePayLive();
  const session = usePayQuery("pay.paymentElement", { token }, !confirming);
  const check = usePayMutation("pay.checkPayment");
  const checkNow = check.mutate;
  const [stage, setStage] = useState<"loading" | "ready" | "unavailable">("loading");
  const [complete, setComplete] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const form = useRef<{ stripe: Stripe; elements: StripeElements } | null>(null);

  // Back from Stripe's redirect: confirm with the server, and take the client secret out of
  // the address bar and the history (Stripe asks that it be shown to no one).
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!returnParams.some((p) => url.searchParams.has(p))) return;
    for (const p of returnParams) url.searchParams.delete(p);
    window.history.replaceState(window.history.state, "", url);
    onConfirming();
    checkNow({ token });
  }, [onConfirming, checkNow, token]);

  const publishableKey = session.data?.publishableKey;
  const clientSecret = session.data?.clientSecret;
  useEffect(() => {
    if (confirming || !publishableKey || !clientSecret) return;
    let gone = false;
    let element: ReturnType<StripeElements["create"]> | null = null;
    loadStripeJs().then(
      (Stripe) => {
        if (gone || !container.current) return;
        const stripe = Stripe(publishableKey);
        const elements = stripe.elements({
          clientSecret,
          locale: stripeLocale(locale),
          // 16 px keeps a phone from zooming into the fields.
          appearance: { theme: "stripe", variables: { borderRadius: "8px", fontSizeBase: "16px" } },
        });
        element = elements.create("payment", { layout: "tabs" });
        element.on("ready", () => setStage("ready"));
        element.on("change", (e) => {
          setComplete(e.complete);
          setError(null);
        });
        element.on("loaderror", () => setStage("unavailable"));
        element.mount(container.current);
        form.current = { stripe, elements };
      },
      () => {
        if (!gone) setStage("unavailable");
      },
    );
    return () => {
      gone = true;
      form.current = null;
      element?.destroy();
      // A form mounted again (another language) starts empty.
      setStage("loading");
      setComplete(false);
    };
  }, [confirming, publishableKey, clientSecret, locale]);

  async function pay() {
    const f = form.current;
    if (!f) return;
    setSubmitting(true);
    setError(null);
    try {
      const result = await f.stripe.confirmPayment({
        elements: f.elements,
        // Where 3-D Secure or a bank page sends the customer back: this same page.
        confirmParams: { return_url: window.location.origin + window.location.pathname },
        redirect: "if_required",
      });
      // A field to fix, or Stripe out of reach: nothing was charged, the same form may try again.
      if (result.error && result.error.type !== "card_error") {
        setError(result.error.message ?? texts.notConfirmed);
        return;
      }
    } catch {
      setError(texts.notConfirmed);
      return;
    } finally {
      setSubmitting(false);
    }
    // Paid, or declined: the browser's word settles nothing. The server asks Stripe itself.
    onConfirming();
    checkNow({ token });
  }

  if (confirming) {
    return (
      <div className="flex flex-col items-center gap-3 py-2 text-center" aria-live="polite">
        <LoaderCircleIcon aria-hidden className="text-primary size-8 motion-safe:animate-spin" />
        <p className="text-muted-foreground text-sm">{texts.confirmingHint}</p>
      </div>
    );
  }

  if (stage === "unavailable" || session.isError) return unavailable;

  const ready = stage === "ready";
  return (
    <form
      className="flex flex-col gap-4"
      aria-label={texts.formLabel}
      onSubmit={(e) => {
        e.preventDefault();
        void pay();
      }}
    >
      {ready ? null : (
        <p className="text-muted-foreground flex items-center justify-center gap-2 py-6 text-sm">
          <LoaderCircleIcon aria-hidden className="size-4 motion-safe:animate-spin" />
          {texts.loading}
        </p>
      )}
      {/* Stripe's own frames go here. */}
      <div ref={container} />
      {error ? (
        <p role="alert" className="bg-destructive/10 text-destructive rounded-md px-3 py-2 text-sm">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        className={buttonClass("default", "lg", "w-full")}
        disabled={!ready || !complete || submitting}
      >
        {submitting ? (
          <LoaderCircleIcon aria-hidden className="animate-spin" />
        ) : (
          <CreditCardIcon aria-hidden />
        )}
        {texts.pay}
      </button>
      {ready && !complete ? (
        <p className="text-muted-foreground -mt-2 text-center text-xs">{texts.fillIn}</p>
      ) : null}
    </form>
  );
}
