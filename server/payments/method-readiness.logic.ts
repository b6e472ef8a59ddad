/**
 * Whether a payment method may be offered (at the counter, as a pay page alternative, on
 * retry), and if not, what the merchant must do next. Cash needs nothing; the sandbox wallet
 * needs a shop where it is allowed; a provider needs its ids and keys complete and its last
 * connection check passed.
 */
export type MethodSetup =
  /** A provider whose ids or keys are missing. */
  | "not_connected"
  /** Keys complete but never checked (or changed since the last check). */
  | "not_checked"
  /** The last check with the saved keys failed. */
  | "check_failed"
  /** The sandbox wallet in a shop that takes real payments. */
  | "sandbox_not_allowed"
  | "ready";

export interface MethodFacts {
  kind: string;
  enabled: boolean;
  credentialsComplete: boolean;
  connectionOk: boolean | null;
}

export function methodSetup(m: MethodFacts, shop: { sandboxAllowed: boolean }): MethodSetup {
  if (m.kind === "cash") return "ready";
  if (m.kind === "sandbox") return shop.sandboxAllowed ? "ready" : "sandbox_not_allowed";
  if (!m.credentialsComplete) return "not_connected";
  if (m.connectionOk === null) return "not_checked";
  return m.connectionOk ? "ready" : "check_failed";
}

/** A failed check as written on the method: the provider's (or our) code, then its words. */
export const connectionErrorText = (code: string, message: string) =>
  `${code}: ${message}`.slice(0, 500);

/**
 * Whether a failed check never reached the provider (no answer, a refused connection, a
 * time-out: connectors/http.ts's NETWORK): the keys were not judged, so the person is told to
 * let the server reach the provider, not to correct keys that may well be right.
 */
export const isUnreachableError = (error: string | null) => error?.startsWith("NETWORK: ") ?? false;

const isProvider = (kind: string) => kind !== "cash" && kind !== "sandbox";

/**
 * Each method's setup and whether it is offered. The sandbox wallet is never offered beside
 * a real provider that is offered: a customer must never be able to pick pretend money where
 * real money is taken (cash is real money too, but it is taken by the cashier, not by a link).
 */
export function offerMethods<M extends MethodFacts>(
  methods: M[],
  shop: { sandboxAllowed: boolean },
): (M & { setup: MethodSetup; offered: boolean; hiddenBesideReal: boolean })[] {
  const checked = methods.map((m) => {
    const setup = methodSetup(m, shop);
    return { m, setup, ready: m.enabled && setup === "ready" };
  });
  const realOffered = checked.some((c) => c.ready && isProvider(c.m.kind));
  return checked.map(({ m, setup, ready }) => {
    const hiddenBesideReal = ready && m.kind === "sandbox" && realOffered;
    return { ...m, setup, offered: ready && !hiddenBesideReal, hiddenBesideReal };
  });
}
