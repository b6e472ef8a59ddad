import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { analyticsFilters, beforeAfterInput } from "@/server/analytics/analytics.schema";
import { failureAnalyticsInput } from "@/server/failures/failure-analytics.service";
import { listFailuresInput } from "@/server/failures/failure-log.schema";
import { listOrdersInput } from "@/server/payments/order.schema";
import {
  listDaysInput,
  listDifferencesInput,
  methodDayInput,
} from "@/server/reconciliation/recon.schema";
import { downloadInput } from "@/server/reconciliation/statement.schema";
import { listRefundsInput } from "@/server/refunds/refund.schema";
import { listRedemptionsInput } from "@/server/vouchers/voucher.schema";

const methodId = "00000000-0000-4000-8000-000000000000";

/** Every input that takes a local date, with the field a date goes in. */
const dateInputs: [string, z.ZodType, (day: string) => unknown, string][] = [
  ["orders.list", listOrdersInput, (from) => ({ from }), "from"],
  ["failures.list", listFailuresInput, (to) => ({ to }), "to"],
  ["failures.analytics", failureAnalyticsInput, (from) => ({ from, to: "2026-03-01" }), "from"],
  ["refunds.list", listRefundsInput, (from) => ({ from }), "from"],
  ["vouchers.redemptions", listRedemptionsInput, (to) => ({ to }), "to"],
  ["recon.differences", listDifferencesInput, (from) => ({ from }), "from"],
  ["recon.day", methodDayInput, (day) => ({ methodId, day }), "day"],
  ["statements.download", downloadInput, (day) => ({ methodId, day }), "day"],
  ["analytics", analyticsFilters, (from) => ({ preset: "custom", from, to: "2029-12-31" }), "from"],
  [
    "analytics.beforeAfter",
    beforeAfterInput,
    (adoptedOn) => ({ methodId, adoptedOn }),
    "adoptedOn",
  ],
];

const messageAt = (result: z.ZodSafeParseResult<unknown>, field: string) =>
  result.error?.issues.find((i) => i.path[0] === field)?.message;

describe("local dates in every input", () => {
  it.each(dateInputs)(
    "%s refuses a date that does not exist, with invalidDate",
    (_n, schema, input, field) => {
      for (const day of ["2026-02-31", "2026-02-29", "2026-13-01", "2026-04-31", "2026-00-10"])
        expect(messageAt(schema.safeParse(input(day)), field), day).toBe("invalidDate");
    },
  );

  it.each(dateInputs)("%s takes a real one, leap days included", (_n, schema, input, field) => {
    for (const day of ["2026-02-28", "2028-02-29", "2026-12-31"])
      expect(messageAt(schema.safeParse(input(day)), field), day).toBeUndefined();
  });

  it("a month is 01 to 12, with invalidMonth", () => {
    expect(messageAt(listDaysInput.safeParse({ month: "2026-13" }), "month")).toBe("invalidMonth");
    expect(messageAt(listDaysInput.safeParse({ month: "2026-00" }), "month")).toBe("invalidMonth");
    expect(listDaysInput.safeParse({ month: "2026-02" }).success).toBe(true);
  });
});
