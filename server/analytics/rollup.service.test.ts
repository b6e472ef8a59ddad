import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  merchants,
  paymentAttempts,
  paymentMethods,
  paymentRollups,
  refunds,
  stores,
} from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { rollupSnapshot } from "@/test/rollups";
import { testEncryptionKey } from "@/test/fixtures";
import {
  actorOf,
  methodInput,
  newOrder,
  payableOrder,
  postNotification,
  providerEvent,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { seededRng } from "@/server/demo/history.logic";
import { failureReasons } from "@/server/payments/failure-reasons.logic";
import { systemActor } from "@/server/audit/audit.service";
import { payCash } from "@/server/payments/cash.service";
import { expireOverdue } from "@/server/payments/expiry.service";
import {
  cancelAttempt,
  createAttempt,
  retryFromPayPage,
} from "@/server/payments/payment-request.service";
import { applyProviderEvent } from "@/server/payments/provider-event.service";
import { createOrder, cancelOrder } from "@/server/payments/order.service";
import { createOrderInput } from "@/server/payments/order.schema";
import { createPaymentMethod } from "@/server/payments/payment-method.service";
import type { Delivery } from "@/server/connectors/types";
import { refundFeeRules } from "@/db/schema/enum-values";
import { queryOpenRefunds } from "@/server/refunds/refund-provider.service";
import { approveRefund, refuseRefund, requestRefund } from "@/server/refunds/refund.service";
import { getMerchantSettings, updateMerchantSettings } from "@/server/merchants/merchant.service";
import { rebuildRollups, rebuildStaleRollups } from "./rollup-rebuild.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
let zoned: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "Rollup");
  zoned = await seedPayments(db, "Zone");
});

describe(`roll-ups (${engine})`, () => {
  describe("after a random run of payments and refunds", () => {
    beforeAll(async () => {
      const rng = (() => {
        const r = seededRng("rollups-1");
        return () => r.float();
      })();
      const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
      // Mostly recent orders and requests, so events meet open ones, not only settled ones.
      const recent = <T>(list: readonly T[]): T => pick(list.slice(-5));
      const [secondStore] = await db
        .insert(stores)
        .values({ merchantId: seed.merchant.id, name: "Second" })
        .returning();
      const capped = await createPaymentMethod(
        db,
        seed.manager,
        seed.merchant.id,
        methodInput({
          label: "Capped",
          feeRateBps: 120,
          feeAmounts: { CNY: { fixedMinor: 0, minMinor: 5, maxMinor: 40 } },
        }),
        testEncryptionKey,
      );
      const wallets = [seed.sandbox.id, capped.id];
      const orderIds: string[] = [];
      const attempts: { id: string; token: string; methodId: string; amountMinor: bigint }[] = [];
      const ignoreRefusals = (p: Promise<unknown>) =>
        p.catch((e: unknown) => {
          if ((e as { name?: string }).name !== "DomainError") throw e;
        });

      for (let step = 0; step < 260; step++) {
        const roll = rng();
        if (roll < 0.15 || orderIds.length === 0) {
          const order = await createOrder(
            db,
            seed.staff,
            seed.merchant.id,
            createOrderInput.parse({
              storeId: rng() < 0.5 ? seed.store.id : secondStore!.id,
              currency: "CNY",
              amountMinor: pick([500n, 1250n, 3800n, 12000n]),
            }),
          );
          orderIds.push(order.id);
        } else if (roll < 0.4) {
          await ignoreRefusals(
            createAttempt(
              db,
              seed.staff,
              seed.merchant.id,
              {
                orderId: recent(orderIds),
                methodId: pick(wallets),
              },
              testProviders,
            ).then((a) => attempts.push(a)),
          );
        } else if (roll < 0.52 && attempts.length > 0) {
          const a = recent(attempts);
          await db.transaction((tx) =>
            applyProviderEvent(
              tx,
              a.methodId,
              providerEvent({ ...a, currency: "CNY" }),
              systemActor,
            ),
          );
        } else if (roll < 0.68 && attempts.length > 0) {
          const a = recent(attempts);
          const reason = pick(failureReasons);
          await db.transaction((tx) =>
            applyProviderEvent(
              tx,
              a.methodId,
              providerEvent(
                { ...a, currency: "CNY" },
                { outcome: "failed", failureReason: reason, failureCode: "X", failureMessage: "x" },
              ),
              systemActor,
            ),
          );
        } else if (roll < 0.75) {
          await ignoreRefusals(
            payCash(db, seed.staff, seed.merchant.id, {
              orderId: pick(orderIds),
              methodId: seed.cash.id,
              tenderedMinor: 20000n,
            }),
          );
        } else if (roll < 0.8 && attempts.length > 0) {
          // Overdue: the next request on the order (or the job) expires it.
          await db
            .update(paymentAttempts)
            .set({ expiresAt: new Date(Date.now() - 1000) })
            .where(eq(paymentAttempts.id, pick(attempts).id));
        } else if (roll < 0.84) {
          await expireOverdue(db);
        } else if (roll < 0.9 && attempts.length > 0) {
          await ignoreRefusals(
            retryFromPayPage(
              db,
              systemActor,
              {
                token: pick(attempts).token,
                methodId: pick(wallets),
              },
              testProviders,
            ).then((a) => attempts.push(a)),
          );
        } else if (roll < 0.95 && attempts.length > 0) {
          await ignoreRefusals(cancelAttempt(db, seed.staff, seed.merchant.id, pick(attempts).id));
        } else {
          await ignoreRefusals(cancelOrder(db, seed.staff, seed.merchant.id, pick(orderIds)));
        }
      }

      // Then refunds of what was paid, duplicates too: in full, in part and the rest, asked by
      // the owner (sent at once) or by staff (then approved or refused), under each fee rule;
      // the wallet does them, declines them, settles them only when queried or answers too late.
      const paid = await db
        .select()
        .from(paymentAttempts)
        .where(
          and(
            eq(paymentAttempts.merchantId, seed.merchant.id),
            eq(paymentAttempts.status, "succeeded"),
          ),
        );
      const deliveries: Delivery[] = [];
      const refundDeps = { ...testProviders, deliver: (d: Delivery) => deliveries.push(d) };
      // The active query's clock, a day on: every refund still open is due.
      const later = new Date(Date.now() + 86_400_000);
      const queryDeps = { ...refundDeps, now: () => later };
      const deliver = async () => {
        for (const d of deliveries.splice(0))
          await postNotification(db, d.methodId, { rawBody: d.body, headers: d.headers });
      };
      const owner = { actor: actorOf(seed.people.owner), role: "owner" as const };
      const manager = { actor: seed.manager, role: "manager" as const };
      const staff = { actor: seed.staff, role: "staff" as const };
      for (let step = 0; step < 90 && paid.length > 0; step++) {
        const roll = rng();
        if (roll < 0.65) {
          const a = pick(paid);
          await db
            .update(paymentMethods)
            .set({
              refundFeeRule: pick(refundFeeRules),
              config: sql`${paymentMethods.config} || ${JSON.stringify({
                refundOutcome: pick(["succeed", "succeed", "fail", "query_only", "timeout"]),
              })}::jsonb`,
            })
            .where(eq(paymentMethods.id, a.methodId));
          const [now] = await db
            .select({ refunded: paymentAttempts.refundedMinor })
            .from(paymentAttempts)
            .where(eq(paymentAttempts.id, a.id));
          const left = a.amountMinor - (now?.refunded ?? 0n);
          await ignoreRefusals(
            requestRefund(
              db,
              rng() < 0.6 ? owner : staff,
              seed.merchant.id,
              {
                orderId: a.orderId,
                attemptId: a.id,
                amountMinor: pick(
                  [a.amountMinor, a.amountMinor / 2n, left, 100n].filter((x) => x > 0n),
                ),
                reason: "other",
              },
              refundDeps,
            ),
          );
        } else if (roll < 0.85) {
          const waiting = await db
            .select({ id: refunds.id })
            .from(refunds)
            .where(
              and(
                eq(refunds.merchantId, seed.merchant.id),
                eq(refunds.status, "awaiting_approval"),
              ),
            );
          if (waiting.length > 0) {
            const refundId = pick(waiting).id;
            await ignoreRefusals(
              rng() < 0.5
                ? approveRefund(
                    db,
                    manager,
                    seed.merchant.id,
                    { refundId, confirmRedeemedVoucher: true },
                    refundDeps,
                  )
                : refuseRefund(db, manager, seed.merchant.id, { refundId, reason: "Not ours" }),
            );
          }
        } else {
          await queryOpenRefunds(db, queryDeps, 100);
        }
        await deliver();
      }
      // In a while, the active query settles what the wallet left open.
      await queryOpenRefunds(db, queryDeps, 100);
      await deliver();
    });

    it("the roll-ups maintained by the transitions equal those rebuilt from the attempts and refunds", async () => {
      const statuses = await db
        .select({
          status: paymentAttempts.status,
          dup: paymentAttempts.isDuplicate,
          n: sql<number>`count(*)::int`,
        })
        .from(paymentAttempts)
        .where(eq(paymentAttempts.merchantId, seed.merchant.id))
        .groupBy(paymentAttempts.status, paymentAttempts.isDuplicate);
      // The run reached every outcome the roll-ups distinguish, or it proves little.
      for (const s of ["succeeded", "failed", "expired", "cancelled"])
        expect(statuses.some((r) => r.status === s)).toBe(true);
      expect(statuses.some((r) => r.dup)).toBe(true);
      const made = await db
        .select({
          status: refunds.status,
          refused: sql<boolean>`${refunds.refusedBy} is not null`,
          partial: sql<boolean>`${refunds.amountMinor} < ${paymentAttempts.amountMinor}`,
          duplicate: paymentAttempts.isDuplicate,
          feeBack: refunds.feeRefundedMinor,
        })
        .from(refunds)
        .innerJoin(paymentAttempts, eq(paymentAttempts.id, refunds.attemptId))
        .where(eq(refunds.merchantId, seed.merchant.id));
      const done = made.filter((r) => r.status === "succeeded");
      expect(done.some((r) => r.partial)).toBe(true);
      expect(done.some((r) => !r.partial)).toBe(true);
      expect(done.some((r) => r.duplicate)).toBe(true);
      expect(done.some((r) => (r.feeBack ?? 0n) > 0n)).toBe(true);
      expect(done.some((r) => r.feeBack === 0n)).toBe(true);
      expect(made.some((r) => r.status === "failed" && r.refused)).toBe(true);
      expect(made.some((r) => r.status === "failed" && !r.refused)).toBe(true);

      const maintained = await rollupSnapshot(db, seed.merchant.id);
      expect(maintained.main.length).toBeGreaterThan(0);
      expect(maintained.main.some((r) => (JSON.parse(r) as { refunds: number }).refunds > 0)).toBe(
        true,
      );

      // Failed orders, some paid after all: the recovery roll-up has something to compare.
      const recovery = maintained.recovery.map((r) => JSON.parse(r) as { recoveredOrders: number });
      expect(recovery.some((r) => r.recoveredOrders > 0)).toBe(true);

      await rebuildRollups(db, seed.merchant.id);
      expect(await rollupSnapshot(db, seed.merchant.id)).toEqual(maintained);
    });

    it("leaves each payment's refunded sum equal to the sum of its refunds that did not fail", async () => {
      const rows = await db
        .select({
          held: paymentAttempts.refundedMinor,
          sum: sql<string>`coalesce(sum(${refunds.amountMinor}) filter (where ${refunds.status} <> 'failed'), 0)::text`,
          n: sql<number>`count(${refunds.id})::int`,
        })
        .from(paymentAttempts)
        .leftJoin(refunds, eq(refunds.attemptId, paymentAttempts.id))
        .where(eq(paymentAttempts.merchantId, seed.merchant.id))
        .groupBy(paymentAttempts.id);
      expect(rows.filter((r) => r.n > 0).length).toBeGreaterThan(5);
      expect(rows.filter((r) => r.held !== BigInt(r.sum))).toEqual([]);
    });
  });

  // Roll-ups are bucketed in the shop's zone, and each transition adds to the bucket its request's
  // instant falls in under the zone of the moment: a request made before the owner changes the
  // zone and paid after it must not count its request in one zone's hour and its payment in
  // another's (a later refund would then take from an hour the payment never reached).
  it("keeps the roll-ups whole when the owner changes the time zone between a request and its payment", async () => {
    const shop = await seedPayments(db, "Moved");
    await db
      .update(merchants)
      .set({ timeZone: "Asia/Shanghai" })
      .where(eq(merchants.id, shop.merchant.id));
    const { attempt } = await payableOrder(db, shop, 1800n);
    const settings = await getMerchantSettings(db, shop.merchant.id);
    await updateMerchantSettings(db, actorOf(shop.people.owner), shop.merchant.id, {
      name: settings.name,
      timeZone: "America/New_York",
      defaultCurrency: settings.defaultCurrency,
      locale: settings.locale,
    });
    await rebuildStaleRollups(db);
    await db.transaction((tx) =>
      applyProviderEvent(
        tx,
        shop.sandbox.id,
        providerEvent({ ...attempt, currency: "CNY" }),
        systemActor,
      ),
    );

    const maintained = await rollupSnapshot(db, shop.merchant.id);
    await rebuildRollups(db, shop.merchant.id);
    expect(await rollupSnapshot(db, shop.merchant.id)).toEqual(maintained);
  });

  it.each([
    // Shanghai: no daylight saving; local midnight is 16:00 UTC the day before.
    ["Asia/Shanghai", "2026-03-01T15:59:59.999Z", "2026-03-01", 23],
    ["Asia/Shanghai", "2026-03-01T16:00:00.000Z", "2026-03-02", 0],
    // New York on the day clocks go forward (8 March 2026): midnight is still EST (UTC−5)…
    ["America/New_York", "2026-03-08T04:59:59.999Z", "2026-03-07", 23],
    ["America/New_York", "2026-03-08T05:00:00.000Z", "2026-03-08", 0],
    ["America/New_York", "2026-03-08T07:00:00.000Z", "2026-03-08", 3],
    // …and the next midnight is EDT (UTC−4).
    ["America/New_York", "2026-03-09T03:59:59.999Z", "2026-03-08", 23],
    ["America/New_York", "2026-03-09T04:00:00.000Z", "2026-03-09", 0],
  ])(
    "buckets a request made in %s at %s into local day %s, hour %d",
    async (zone, at, day, hour) => {
      const shop = zoned;
      // One request at a time: the earlier cases' requests go.
      await db.delete(paymentAttempts).where(eq(paymentAttempts.merchantId, shop.merchant.id));
      await db.update(merchants).set({ timeZone: zone }).where(eq(merchants.id, shop.merchant.id));
      const order = await newOrder(db, shop, 700n);
      const attempt = await createAttempt(
        db,
        shop.staff,
        shop.merchant.id,
        {
          orderId: order.id,
          methodId: shop.sandbox.id,
        },
        testProviders,
      );
      // Maintained: the request is bucketed when made (now); moving it in time needs the rebuild,
      // which shares the bucketing expression with the maintained path.
      await db
        .update(paymentAttempts)
        .set({ createdAt: new Date(at) })
        .where(eq(paymentAttempts.id, attempt.id));
      await rebuildRollups(db, shop.merchant.id);
      const rows = await db
        .select({
          day: paymentRollups.day,
          hour: paymentRollups.hour,
          attempts: paymentRollups.attempts,
        })
        .from(paymentRollups)
        .where(and(eq(paymentRollups.merchantId, shop.merchant.id)));
      expect(rows).toEqual([{ day, hour, attempts: 1 }]);
    },
  );
});
