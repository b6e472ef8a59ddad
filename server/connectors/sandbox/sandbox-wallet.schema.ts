import { z } from "zod";
import { sandboxOutcomes } from "./sandbox-outcomes";

export { sandboxOutcomes, type SandboxOutcome } from "./sandbox-outcomes";

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

/**
 * Deliberate differences the sandbox wallet writes into its daily statement (method config
 * `statementQuirks`), so that reconciliation can be rehearsed: its fee off by some basis points,
 * one payment left out, one payment we never took, one payment's amount a fen higher.
 */
export const statementQuirks = z
  .object({
    feeDriftBps: z.number().int().min(-1000).max(1000).optional(),
    omitOne: z.boolean().optional(),
    foreignPayment: z.boolean().optional(),
    changeAmountOfOne: z.boolean().optional(),
  })
  .strict();
export type StatementQuirks = z.infer<typeof statementQuirks>;
