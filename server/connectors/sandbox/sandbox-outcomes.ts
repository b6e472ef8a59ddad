// Apart from the wallet's zod schemas: the wallet's page lists these, and a customer's
// phone should not download zod for a list of five words.
/** What the customer can make the simulated wallet do, to rehearse every path at the counter. */
export const sandboxOutcomes = [
  "pay",
  "insufficient_balance",
  "cancel",
  "risk_declined",
  "no_callback",
] as const;
export type SandboxOutcome = (typeof sandboxOutcomes)[number];
