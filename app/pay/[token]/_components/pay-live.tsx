"use client";

import { useRouter } from "next/navigation";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from "react";
import { pageLocale } from "@/app/_trpc/address";
import { usePayWatch } from "@/app/_trpc/pay-watch";
import { viewStamp } from "../_lib/view-stamp";

interface Live {
  status: "live" | "error";
  /** The card form was confirmed in the browser: "confirming" until the server has Stripe's word. */
  cardConfirming: boolean;
  confirmCard: () => void;
}

const LiveContext = createContext<Live>({
  status: "live",
  cardConfirming: false,
  confirmCard: () => undefined,
});

export const usePayLive = () => useContext(LiveContext);

/**
 * What keeps the server-rendered pay page live: the `pay.watch` subscription sends the view
 * whenever the order changes (a wallet answer, an expiry, the cashier cancelling), and when
 * it is not the view the page shows (`stamp`), the page is fetched again from the server
 * (router.refresh: no reload, the islands' state kept). Also, back from a provider's own page
 * (PayPal adds `PayerID` to our return URL once the buyer approved), it asks the provider
 * now, so the approved order turns paid without waiting for the background query.
 */
export function PayLive({
  token,
  stamp,
  children,
}: {
  token: string;
  stamp: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const shown = useRef(stamp);
  useEffect(() => {
    shown.current = stamp;
  }, [stamp]);
  const status = usePayWatch(token, (view) => {
    const next = viewStamp(view.json);
    if (next === shown.current) return;
    shown.current = next;
    router.refresh();
  });

  // Only a return from PayPal asks: the call's client (pay-client.ts) is fetched then, not by
  // every visit. Its answer needs no handling: a paid order reaches the page by `pay.watch`.
  useEffect(() => {
    if (!new URLSearchParams(window.location.search).has("PayerID")) return;
    void import("@/app/_trpc/pay-client")
      .then(({ payMutate }) => payMutate("pay.checkPayment", { token }, pageLocale()))
      .catch(() => undefined);
  }, [token]);

  const [cardConfirming, setCardConfirming] = useState(false);
  const confirmCard = useCallback(() => setCardConfirming(true), []);
  return <LiveContext value={{ status, cardConfirming, confirmCard }}>{children}</LiveContext>;
}

/** The status line's words: `confirming` (a card request's) once the card form was confirmed. */
export function StatusText({ text, confirming }: { text: string; confirming?: string }) {
  const { cardConfirming } = usePayLive();
  return cardConfirming && confirming ? confirming : text;
}

/** Under the card: that live updates stopped (`lost`, not on a receipt), else `hint` if any. */
export function LiveNote({ lost, hint }: { lost: string | null; hint: string | null }) {
  const { status } = usePayLive();
  if (status === "error" && lost)
    return (
      <p className="bg-muted text-muted-foreground px-5 py-3 text-center text-xs print:hidden">
        {lost}
      </p>
    );
  return hint ? (
    <p className="bg-muted/60 text-muted-foreground px-5 py-3 text-center text-xs print:hidden">
      {hint}
    </p>
  ) : null;
}
