import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, riskRuleSettings } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor } from "@/test/fixtures";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let b: PaymentsSeed;

beforeAll(async () => {
  a = await seedPayments(db, "Risk A");
  b = await seedPayments(db, "Risk B");
});

const callerFor = (user: SessionUser) => createCaller(contextFor(db, user));

describe(`risk rule settings (${engine})`, () => {
  it("lets only the owner read and change them", async () => {
    for (const role of ["manager", "staff", "analyst"] as const) {
      const caller = callerFor(a.people[role]);
      expect((await expectTRPCError(caller.risk.settings())).code).toBe("FORBIDDEN");
      const change = caller.risk.updateRule({
        rule: "repeated_order_failures",
        enabled: false,
        params: { failures: 4 },
      });
      expect((await expectTRPCError(change)).code).toBe("FORBIDDEN");
    }
    expect(
      await db
        .select()
        .from(riskRuleSettings)
        .where(eq(riskRuleSettings.merchantId, a.merchant.id)),
    ).toEqual([]);
  });

  it("saves the owner's rule, audited, for their shop only", async () => {
    const owner = callerFor(a.people.owner);
    expect((await owner.risk.settings()).repeated_order_failures).toEqual({
      enabled: true,
      params: { failures: 3 },
    });
    await owner.risk.updateRule({
      rule: "unusual_amount",
      enabled: false,
      params: { lookbackDays: 60, percentile: 99, factor: 2.5, minSample: 50 },
    });
    expect((await owner.risk.settings()).unusual_amount).toEqual({
      enabled: false,
      params: { lookbackDays: 60, percentile: 99, factor: 2.5, minSample: 50 },
    });
    expect((await callerFor(b.people.owner).risk.settings()).unusual_amount.enabled).toBe(true);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, a.merchant.id), eq(auditLog.action, "risk.rule.update")));
    expect(audit).toMatchObject({
      actorUserId: a.people.owner.id,
      entityId: "unusual_amount",
      before: {
        enabled: true,
        params: { lookbackDays: 30, percentile: 95, factor: 3, minSample: 30 },
      },
      after: {
        enabled: false,
        params: { lookbackDays: 60, percentile: 99, factor: 2.5, minSample: 50 },
      },
    });
  });

  it("refuses numbers out of range, fractions of counts, missing and unknown numbers", async () => {
    const owner = callerFor(b.people.owner);
    const refused: Record<string, number>[] = [
      { failures: 1 },
      { failures: 2.5 },
      {},
      { failures: 3, extra: 1 },
    ];
    for (const params of refused) {
      const err = await expectTRPCError(
        owner.risk.updateRule({ rule: "repeated_order_failures", enabled: true, params }),
      );
      expect(err.code).toBe("BAD_REQUEST");
    }
    const err = await expectTRPCError(
      // @ts-expect-error an unknown rule is refused at run time too
      owner.risk.updateRule({ rule: "nope", enabled: true, params: {} }),
    );
    expect(err.code).toBe("BAD_REQUEST");
    expect(
      await db
        .select()
        .from(riskRuleSettings)
        .where(eq(riskRuleSettings.merchantId, b.merchant.id)),
    ).toEqual([]);
  });
});
