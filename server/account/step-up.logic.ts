/**
 * How long a fresh proof (password or two-factor code) opens sensitive actions on a session.
 * Short, so a console left signed in on a shared counter cannot be used to change roles or
 * credentials, yet long enough for a few changes in a row without asking at each one.
 */
export const stepUpWindowMs = 5 * 60 * 1000;

/** Whether a step-up taken at `steppedUpAt` still covers an action at `now`. */
export function isSteppedUp(steppedUpAt: Date | null | undefined, now: Date): boolean {
  if (!steppedUpAt) return false;
  const age = now.getTime() - steppedUpAt.getTime();
  // A step-up "in the future" (clock skew between instances) counts as fresh, not forever.
  return age < stepUpWindowMs && age > -stepUpWindowMs;
}
