import { describe, expect, it } from "vitest";
import { alertStatuses } from "@/db/schema/enum-values";
import {
  alertStatusesInto,
  assertAlertTransition,
  canTransitionAlert,
  type AlertStatus,
} from "./alert.logic";

const allowed: [AlertStatus, AlertStatus][] = [
  ["open", "acknowledged"],
  ["open", "resolved"],
  ["acknowledged", "resolved"],
];

describe("alert transitions", () => {
  it("allows exactly open → acknowledged → resolved and open → resolved", () => {
    for (const from of alertStatuses)
      for (const to of alertStatuses) {
        const ok = allowed.some(([f, t]) => f === from && t === to);
        expect(canTransitionAlert(from, to), `${from} → ${to}`).toBe(ok);
        if (ok) expect(() => assertAlertTransition(from, to)).not.toThrow();
        else
          expect(() => assertAlertTransition(from, to)).toThrowError(
            expect.objectContaining({ code: "INVALID_STATE" }),
          );
      }
  });

  it("derives each update's allowed starting states from the table", () => {
    expect(alertStatusesInto("acknowledged")).toEqual(["open"]);
    expect(alertStatusesInto("resolved")).toEqual(["open", "acknowledged"]);
    expect(alertStatusesInto("open")).toEqual([]);
  });
});
