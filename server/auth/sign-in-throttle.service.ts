import type { DbOrTx } from "@/db/types";
import {
  clearFailures,
  releaseAttempt,
  reserveAttempt,
  reserveAttemptCounted,
} from "@/server/http/throttle.service";
import { signInCounters, type ThrottleSubject } from "./sign-in-throttle.logic";

export type { ThrottleSubject };

/**
 * Counts a sign-in against its account and address before its password is checked; the
 * seconds to wait when it is over a limit (see throttle.service.ts).
 */
export function reserveSignInAttempt(db: DbOrTx, subject: ThrottleSubject, now = new Date()) {
  return reserveAttempt(db, signInCounters(subject), now);
}

/** reserveSignInAttempt, also saying whether this attempt is the first one refused in its window. */
export function reserveSignInAttemptCounted(
  db: DbOrTx,
  subject: ThrottleSubject,
  now = new Date(),
) {
  return reserveAttemptCounted(db, signInCounters(subject), now);
}

/**
 * Takes back an attempt that did not fail on its password (signed in, or refused before the
 * check): the address keeps only its failures, so a shop's tablets behind one address can
 * sign in all day.
 */
export function releaseSignInAttempt(db: DbOrTx, subject: ThrottleSubject) {
  return releaseAttempt(db, signInCounters(subject));
}

/** A successful sign-in forgives the account's failures (not the address's over other accounts). */
export function clearSignInFailures(db: DbOrTx, subject: ThrottleSubject) {
  return clearFailures(db, signInCounters(subject, ["accountAddress", "account"]));
}
