/**
 * Whether a Stripe publishable key belongs to a method's mode: pk_test_… to a test (sandbox)
 * method, pk_live_… to a live one. Stripe.js started with a key of the other mode refuses the
 * PaymentIntent, on the customer's screen (docs.stripe.com/keys).
 */
export function publishableKeyFitsMode(key: unknown, mode: "sandbox" | "live"): key is string {
  return typeof key === "string" && key.startsWith(mode === "live" ? "pk_live_" : "pk_test_");
}
