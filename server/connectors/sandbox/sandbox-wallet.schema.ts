import { z } from "zod";

/** What the customer can make the simulated wallet do, to rehearse every path at the counter. */
export const sandboxOutcomes = [
  "pay",
  "insufficient_balance",
  "cancel",
  "risk_declined",
  "no_callback",
] as const;
export type SandboxOutcome = (typeof sandboxOutcomes)[number];

/**
 * The simulated wallet's payment password. One published test PIN, shown on the wallet screen,
 * so that rehearsing is easy and a wrong PIN can be rehearsed too (real wallets refuse one).
 */
export const sandboxPin = "123456";

export const confirmSandboxInput = z.object({
  token: z.string().min(10).max(64),
  pin: z.string().regex(/^\d{6}$/, { message: "pinFormat" }),
  outcome: z.enum(sandboxOutcomes),
});
export type ConfirmSandboxInput = z.infer<typeof confirmSandboxInput>;
