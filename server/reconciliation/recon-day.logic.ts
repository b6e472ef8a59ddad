import { addDays } from "@/server/time/local-date.logic";
import type { DayCoverage } from "./statement-coverage.logic";

/**
 * A method's day on the calendar: no imported statement speaks for it (`not_covered`), the
 * statements reach into it but leave part of it (the provider's day is not the shop's: the
 * neighbouring statement is still to come, `partly_covered`), it still has open differences or
 * unmatched lines (`open`), everything is matched or resolved (`ready`), or a person closed it
 * (`closed`, until a later change re-opens it). Coverage is statement-coverage.logic's.
 */
export type DayState = "not_covered" | "partly_covered" | "open" | "ready" | "closed";

export function dayState(d: {
  closed: boolean;
  coverage: DayCoverage;
  openDifferences: number;
  pendingLines: number;
}): DayState {
  if (d.closed) return "closed";
  if (d.coverage === "none") return "not_covered";
  if (d.coverage === "partial") return "partly_covered";
  return d.openDifferences > 0 || d.pendingLines > 0 ? "open" : "ready";
}

/** The sums of a day's statement lines a close keeps, and what they leave to be paid out. */
export interface CloseFigures {
  lineCount: number;
  grossMinor: bigint;
  theirFeesMinor: bigint;
  ourFeesMinor: bigint;
  refundsMinor: bigint;
  netMinor: bigint;
  expectedSettlementDay: string;
}

/** Net is what the provider owes for the day: payments less its fees and the refunds. */
export function closeFigures(
  sums: Omit<CloseFigures, "netMinor" | "expectedSettlementDay">,
  day: string,
  settlementDelayDays: number,
): CloseFigures {
  return {
    ...sums,
    netMinor: sums.grossMinor - sums.theirFeesMinor - sums.refundsMinor,
    expectedSettlementDay: addDays(day, settlementDelayDays),
  };
}

/** The first and last local day of a month given as YYYY-MM. */
export function monthRange(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  return { from, to: addDays(addDays(from, 31).slice(0, 8) + "01", -1) };
}
