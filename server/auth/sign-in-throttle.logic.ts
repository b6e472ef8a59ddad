import { throttleKey, type ThrottleCounter } from "@/server/http/throttle.logic";

/**
 * Failures allowed per key within one window before further attempts are refused: an account
 * from one address (so a stranger guessing the owner's password locks only themselves out),
 * an account from anywhere (a guesser with many addresses is slowed, not stopped dead), and an
 * address over all accounts.
 */
export const throttleRules = {
  accountAddress: { maxFailures: 5, windowSeconds: 15 * 60 },
  account: { maxFailures: 50, windowSeconds: 15 * 60 },
  address: { maxFailures: 30, windowSeconds: 15 * 60 },
} as const;

export interface ThrottleSubject {
  email: string;
  ip: string | null;
}

/** The counters a sign-in is held against; `address` only when the address is known. */
export function signInCounters(
  subject: ThrottleSubject,
  kinds: (keyof typeof throttleRules)[] = ["accountAddress", "account", "address"],
): ThrottleCounter[] {
  const { email, ip } = subject;
  const values = {
    accountAddress: `${email.trim()}|${ip ?? ""}`,
    account: email,
    address: ip || null,
  };
  return kinds.flatMap((kind) => {
    const value = values[kind];
    return value === null ? [] : [{ key: throttleKey(kind, value), rule: throttleRules[kind] }];
  });
}
