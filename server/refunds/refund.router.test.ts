import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor } from "@/test/fixtures";
import { notify, payableOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import type { Role } from "@/server/auth/roles.logic";
import { createCaller } from "@/server/trpc/root";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let b: PaymentsSeed;

beforeAll(async () => {
  a = await seedPayments(db, "RefundsA");
  b = await seedPayments(db, "RefundsB");
});

const as = (seed: PaymentsSeed, role: Role) => createCaller(contextFor(db, seed.people[role]));

async function paidOrder(amountMinor = 1000n) {
  const { order, attempt } = await payableOrder(db, a, amountMinor);
  await notify(db, a.sandbox.id, attempt);
  return order;
}

const refund = (role: Role, orderId: string, amountMinor: bigint) =>
  as(a, role).refunds.request({ orderId, amountMinor, reason: "wrong_amount" });

describe(`refunds router (${engine})`, () => {
  it("an analyst may read refunds but not ask for one", async () => {
    const order = await paidOrder();
    const error = await expectTRPCError(refund("analyst", order.id, 100n));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.cause).toMatchObject({ messageKey: "roleForbidden" });
    expect(await as(a, "analyst").refunds.list({})).toMatchObject({ rows: [] });
  });

  it("a cashier asks; only a manager or the owner approves or refuses", async () => {
    const order = await paidOrder();
    const asked = await refund("staff", order.id, 200n);
    expect(asked.status).toBe("awaiting_approval");
    // Each call starts only when awaited: a refusal never waits unhandled.
    for (const call of [
      () => as(a, "staff").refunds.approve({ refundId: asked.id }),
      () => as(a, "staff").refunds.refuse({ refundId: asked.id, reason: "no way" }),
      () => as(a, "analyst").refunds.approve({ refundId: asked.id }),
    ]) {
      expect((await expectTRPCError(call())).code).toBe("FORBIDDEN");
    }
    const refused = await as(a, "manager").refunds.refuse({ refundId: asked.id, reason: "no way" });
    expect(refused.status).toBe("failed");
  });

  it("another shop's people cannot see, approve or refund this shop's refunds", async () => {
    const order = await paidOrder();
    const asked = await refund("staff", order.id, 100n);
    const other = as(b, "owner");
    expect((await expectTRPCError(other.refunds.byId({ refundId: asked.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await expectTRPCError(other.refunds.approve({ refundId: asked.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (
        await expectTRPCError(
          other.refunds.request({ orderId: order.id, amountMinor: 100n, reason: "other" }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect((await other.refunds.list({})).rows).toEqual([]);
  });

  it("refuses a bad amount before anything is written", async () => {
    const order = await paidOrder();
    const error = await expectTRPCError(refund("owner", order.id, 0n));
    expect(error.code).toBe("BAD_REQUEST");
  });

  it("lists newest first in keyset pages", async () => {
    const order = await paidOrder(5000n);
    for (let i = 0; i < 3; i++) await refund("staff", order.id, 100n);
    const owner = as(a, "owner");
    const first = await owner.refunds.list({ orderId: order.id, limit: 2 });
    expect(first.rows).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await owner.refunds.list({
      orderId: order.id,
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.rows).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(3);
    const waiting = await owner.refunds.list({ status: "awaiting_approval", orderId: order.id });
    expect(waiting.rows).toHaveLength(3);
  });
});
