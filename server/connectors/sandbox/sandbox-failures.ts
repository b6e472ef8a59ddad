import type { FailureReason } from "@/server/payments/failure-reasons.logic";
import type { SandboxOutcome } from "./sandbox-wallet.schema";

/** The simulated wallet's answer per outcome: the raw code it reports and our normalized reason. */
export const sandboxFailures: Record<
  Exclude<SandboxOutcome, "pay" | "no_callback">,
  { code: string; message: string; reason: FailureReason }
> = {
  insufficient_balance: {
    code: "INSUFFICIENT_BALANCE",
    message: "Balance is not enough for this payment",
    reason: "insufficient_funds",
  },
  cancel: {
    code: "USER_CANCELLED",
    message: "The payer cancelled in the wallet",
    reason: "cancelled_by_customer",
  },
  risk_declined: {
    code: "RISK_DECLINED",
    message: "Declined by the wallet's risk control",
    reason: "risk_declined",
  },
};
