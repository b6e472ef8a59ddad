/**
 * Stripe.js, loaded from Stripe's own host on the pay page of a Stripe request only: Stripe
 * requires it be served by js.stripe.com, never bundled or self-hosted
 * (docs.stripe.com/js/including), and the console never needs it. The types cover what the
 * pay page uses of it, nothing more.
 */
export const stripeJsUrl = "https://js.stripe.com/v3/";

/** How long the page waits for the script before saying it could not load. */
const loadTimeoutMs = 20_000;

export interface StripeError {
  /** card_error (declined), validation_error (a field to fix), api_connection_error, … */
  type: string;
  message?: string;
}

export interface PaymentElementChange {
  complete: boolean;
}

export interface PaymentElement {
  mount(container: HTMLElement): void;
  on(event: "ready", handler: () => void): void;
  on(event: "change", handler: (e: PaymentElementChange) => void): void;
  on(event: "loaderror", handler: (e: { error: StripeError }) => void): void;
  destroy(): void;
}

export interface StripeElements {
  create(type: "payment", options?: { layout?: "tabs" | "accordion" }): PaymentElement;
}

export interface Stripe {
  elements(options: {
    clientSecret: string;
    locale: string;
    appearance?: { theme?: "stripe" | "night" | "flat"; variables?: Record<string, string> };
  }): StripeElements;
  confirmPayment(options: {
    elements: StripeElements;
    confirmParams: { return_url: string };
    redirect: "if_required";
  }): Promise<{ error?: StripeError; paymentIntent?: { id: string; status: string } }>;
}

type StripeFactory = (publishableKey: string) => Stripe;

declare global {
  interface Window {
    Stripe?: StripeFactory;
  }
}

let loading: Promise<StripeFactory> | null = null;

/**
 * Adds Stripe's script tag once and resolves with its `Stripe` function; rejects when the
 * script cannot be fetched (offline, blocked by the network or an extension) or does not
 * arrive in time, so the page can say so. A later call tries again.
 */
export function loadStripeJs(): Promise<StripeFactory> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  loading ??= new Promise<StripeFactory>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = stripeJsUrl;
    script.async = true;
    const fail = (why: string) => {
      clearTimeout(timer);
      script.remove();
      loading = null;
      reject(new Error(`Stripe.js ${why}`));
    };
    const timer = setTimeout(() => fail("timed out"), loadTimeoutMs);
    script.addEventListener("load", () => {
      clearTimeout(timer);
      if (window.Stripe) resolve(window.Stripe);
      else fail("loaded without Stripe");
    });
    script.addEventListener("error", () => fail("could not be fetched"));
    document.head.appendChild(script);
  });
  return loading;
}

/** The Payment Element's language for the page's (docs.stripe.com/js/appendix/supported_locales). */
export function stripeLocale(pageLocale: string): string {
  return pageLocale.startsWith("zh") ? "zh" : "en";
}
