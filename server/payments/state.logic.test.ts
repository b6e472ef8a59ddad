import { describe, expect, it } from "vitest";
import { DomainError } from "@/server/errors";
import {
  assertAttemptTransition,
  assertOrderTransition,
  attemptStatuses,
  canTransitionAttempt,
  canTransitionOrder,
  isOpenAttempt,
  openAttemptStatuses,
  orderStatuses,
  orderStatusesInto,
  type AttemptStatus,
  type OrderStatus,
} from "./state.logic";

// The expected machines, written out by hand from ARCHITECTURE.md: every pair not listed
// here must be refused.
const allowedOrder = new Set([
  "pending → paid",
  "pending → cancelled",
  "pending → expired",
  "paid → partially_refunded",
  "paid → refunded",
  "partially_refunded → partially_refunded",
  "partially_refunded → refunded",
]);

const allowedAttempt = new Set([
  "created → pending",
  "created → succeeded",
  "created → failed",
  "created → expired",
  "created → cancelled",
  "pending → succeeded",
  "pending → failed",
  "pending → expired",
  "pending → cancelled",
  // Late success: the provider confirms a payment after we gave up on the request.
  "expired → succeeded",
  "cancelled → succeeded",
  "failed → succeeded",
]);

const allOrderStatuses: OrderStatus[] = [
  "pending",
  "paid",
  "partially_refunded",
  "refunded",
  "cancelled",
  "expired",
];
const allAttemptStatuses: AttemptStatus[] = [
  "created",
  "pending",
  "succeeded",
  "failed",
  "expired",
  "cancelled",
];

function pairs<T extends string>(statuses: T[]): [T, T][] {
  return statuses.flatMap((from) => statuses.map((to): [T, T] => [from, to]));
}

function thrown(fn: () => void): DomainError | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  return undefined;
}

describe("order state machine", () => {
  it("has exactly the six statuses, in this order (the pgEnum follows it)", () => {
    expect([...orderStatuses]).toEqual(allOrderStatuses);
  });

  it.each(pairs(allOrderStatuses))("%s → %s", (from, to) => {
    const allowed = allowedOrder.has(`${from} → ${to}`);
    expect(canTransitionOrder(from, to)).toBe(allowed);
    const error = thrown(() => assertOrderTransition(from, to));
    if (allowed) {
      expect(error).toBeUndefined();
    } else {
      expect(error?.code).toBe("INVALID_STATE");
      expect(error?.messageKey).toBe("invalidTransition");
      expect(error?.details).toEqual({ from, to });
    }
  });
});

describe("payment attempt state machine", () => {
  it("has exactly the six statuses, in this order (the pgEnum follows it)", () => {
    expect([...attemptStatuses]).toEqual(allAttemptStatuses);
  });

  it.each(pairs(allAttemptStatuses))("%s → %s", (from, to) => {
    const allowed = allowedAttempt.has(`${from} → ${to}`);
    expect(canTransitionAttempt(from, to)).toBe(allowed);
    const error = thrown(() => assertAttemptTransition(from, to));
    if (allowed) {
      expect(error).toBeUndefined();
    } else {
      expect(error?.code).toBe("INVALID_STATE");
      expect(error?.messageKey).toBe("invalidTransition");
      expect(error?.details).toEqual({ from, to });
    }
  });

  it("ignores a failure that arrives after the success", () => {
    expect(canTransitionAttempt("succeeded", "failed")).toBe(false);
    expect(canTransitionAttempt("succeeded", "expired")).toBe(false);
  });

  it("records a success that follows the provider's failure of the same payment: the money moved", () => {
    expect(canTransitionAttempt("failed", "succeeded")).toBe(true);
    expect(canTransitionAttempt("failed", "expired")).toBe(false);
  });
});

describe("isOpenAttempt", () => {
  const open: AttemptStatus[] = ["created", "pending"];
  it.each(allAttemptStatuses)("%s", (status) => {
    expect(isOpenAttempt(status)).toBe(open.includes(status));
  });
});

describe("statuses for queries", () => {
  it("derives where an order may expire from, and the open attempt statuses, from the tables", () => {
    expect(orderStatusesInto("expired")).toEqual(["pending"]);
    expect(orderStatusesInto("refunded")).toEqual(["paid", "partially_refunded"]);
    expect(openAttemptStatuses).toEqual(["created", "pending"]);
  });
});
