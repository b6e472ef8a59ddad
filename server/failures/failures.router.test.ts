import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor } from "@/test/fixtures";
import { newOrder, notify, payableOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import type { Role } from "@/server/auth/roles.logic";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let b: PaymentsSeed;
const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());

beforeAll(async () => {
  a = await seedPayments(db, "Alpha");
  b = await seedPayments(db, "Beta");
  const { attempt } = await payableOrder(db, b);
  await notify(db, b.sandbox.id, attempt, { outcome: "failed" });
});

const callerFor = (user: SessionUser | null) => createCaller(contextFor(db, user));
const as = (role: Role) => callerFor(a.people[role]);

const code = async (call: Promise<unknown>) => (await expectTRPCError(call)).code;

describe(`failures and support routers: who may do what (${engine})`, () => {
  it("asks for sign-in first", async () => {
    expect(await code(callerFor(null).failures.list({}))).toBe("UNAUTHORIZED");
    expect(await code(callerFor(null).support.list({}))).toBe("UNAUTHORIZED");
  });

  it("lets every role of the merchant read its failure log", async () => {
    for (const role of ["owner", "manager", "staff", "analyst"] as const)
      expect((await as(role).failures.list({})).rows).toEqual([]);
  });

  it("shows statistics to owner, manager and analyst, not to the counter", async () => {
    const input = { from: today, to: today };
    expect((await as("analyst").failures.analytics(input)).total.attempts).toBe(0);
    expect(await code(as("staff").failures.analytics(input))).toBe("FORBIDDEN");
  });

  it("refuses a reversed date range in the user's language", async () => {
    expect(await code(as("owner").failures.analytics({ from: today, to: "2000-01-01" }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("gives alerts to owners and managers only", async () => {
    expect(await as("manager").failures.spikeAlerts()).toEqual([]);
    expect(await code(as("staff").failures.spikeAlerts())).toBe("FORBIDDEN");
    expect(await code(as("analyst").failures.spikeAlerts())).toBe("FORBIDDEN");
  });

  it("keeps support notes and customer messages from analysts", async () => {
    const order = await newOrder(db, a);
    await as("staff").support.add({ orderId: order.id, body: "Customer will come back" });
    expect(await as("staff").support.forOrder({ orderId: order.id })).toHaveLength(1);
    expect(await code(as("analyst").support.forOrder({ orderId: order.id }))).toBe("FORBIDDEN");
    expect(await code(as("analyst").support.add({ orderId: order.id, body: "x" }))).toBe(
      "FORBIDDEN",
    );
    expect((await as("staff").failures.messages({})).mailConfigured).toBe(false);
    expect(await code(as("analyst").failures.messages({}))).toBe("FORBIDDEN");
    expect(await code(as("staff").failures.resendMessage({ messageId: crypto.randomUUID() }))).toBe(
      "FORBIDDEN",
    );
  });

  it("refuses an empty note with the field's message", async () => {
    const order = await newOrder(db, a);
    expect(await code(as("staff").support.add({ orderId: order.id, body: "   " }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("never shows another merchant's failures", async () => {
    const theirs = await callerFor(b.people.owner).failures.list({});
    expect(theirs.rows).toHaveLength(1);
    expect(await code(as("owner").failures.byId({ failureId: theirs.rows[0]!.id }))).toBe(
      "NOT_FOUND",
    );
  });
});
