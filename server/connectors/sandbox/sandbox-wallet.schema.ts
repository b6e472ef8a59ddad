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

export const confirmSandboxInput = z.object({
  token: z.string().min(10).max(64),
  pin: z.string().regex(/^\d{6}$/, { message: "pinFormat" }),
  outcome: z.enum(sandboxOutcomes),
});
export type ConfirmSandboxInput = z.infer<typeof confirmSandboxInput>;
