import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerRequests } from "@/db/schema";
import { setupTestDatabase } from "@/test/db";
import { currencyOf, FakeProviders, providerKinds, type ProviderKind } from "@/test/fake-providers";
import { testEncryptionKey } from "@/test/fixtures";
import {
  orderState,
  payableOrder,
  requestOn,
  seedPayments,
  type PaymentsSeed,
} from "@/test/payments";
import { confirmSandboxPayment } from "@/server/connectors/sandbox/sandbox-wallet.service";
import {
  activeQueryActor,
  checkAttemptNow,
  maxQueriesPerRequest,
  queryAfterExpiryMs,
  queryOpenAttempts,
} from "./active-query.service";
import { expireOverdue } from "./expiry.service";
import { firstQueryDelayMs } from "./provider-request.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
const fake = new FakeProviders();
let methods: Record<ProviderKind, string>;

beforeAll(async () => {
  seed = await seedPayments(db, "Query");
  await fake.start();
  methods = await fake.methods(db, seed);
});
afterAll(async () => {
  await fake.stop();
});

/** The job as it would run `ms` from now. */
const runAt = (ms: number) =>
  queryOpenAttempts(db, { key: testEncryptionKey, now: () => new Date(Date.now() + ms) });
const due = firstQueryDelayMs + 1000;

async function requestRow(attemptId: string) {
  const [row] = await db
    .select()
    .from(providerRequests)
    .where(eq(providerRequests.attemptId, attemptId));
  return row!;
}

describe.each(providerKinds)("%s", (kind) => {
  const currency = currencyOf(kind);

  it("settles by query a payment whose notification never came, saying so on the timeline", async () => {
    const { order, attempt } = await requestOn(db, seed, methods[kind], currency, 1880n);
    // Not yet due: the customer may still be paying.
    await runAt(firstQueryDelayMs - 5000);
    expect((await requestRow(attempt.id)).queryCount).toBe(0);

    // Due, but the wallet has nothing: asked, nothing changes, asked again later.
    await runAt(due);
    const unpaid = await requestRow(attempt.id);
    expect(unpaid).toMatchObject({ queryCount: 1, lastQueryResult: "not paid yet" });
    expect((await orderState(db, order.id)).order.status).toBe("pending");

    // Paid minutes before the query asks, by the provider's clock: that time is stored (a
    // payment near a statement's edge is judged by it), not the time the query applied it.
    const paidAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 23 * 60_000);
    fake.clock = () => paidAt;
    try {
      fake.markPaid(attempt.token);
    } finally {
      fake.clock = () => new Date();
    }
    await runAt(due + 120_000);
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.attempts[0]).toMatchObject({
      status: "succeeded",
      amountMinor: 1880n,
      succeededAt: paidAt,
    });
    // The query's audit row follows the success it caused, in the same transaction.
    expect(state.actions.indexOf("attempt.query")).toBeGreaterThan(
      state.actions.indexOf("attempt.succeed"),
    );
    const query = state.audit.find((a) => a.action === "attempt.query")!;
    expect(query.userAgent).toBe("active-query");
    expect(query.after).toMatchObject({
      attemptId: attempt.id,
      outcome: "succeeded",
      result: "applied",
    });
    const settled = await requestRow(attempt.id);
    expect(settled.nextQueryAt).toBeNull();

    // Settled: never asked again.
    const calls = fake.calls.length;
    await runAt(due + 3_600_000);
    expect(fake.calls.length).toBe(calls);
  });
});

it("the sandbox wallet's paid-but-never-notified payment is settled by query", async () => {
  // A shop of its own: beside real providers that are ready, the sandbox wallet is not offered.
  const demo = await seedPayments(db, "Query demo");
  const { order, attempt } = await payableOrder(db, demo, 990n);
  await confirmSandboxPayment(
    db,
    { token: attempt.token, pin: "123456", outcome: "no_callback" },
    testEncryptionKey,
    () => {
      throw new Error("no_callback must not deliver");
    },
  );
  expect((await orderState(db, order.id)).order.status).toBe("pending");
  const run = await runAt(due);
  expect(run.settled).toBeGreaterThanOrEqual(1);
  const state = await orderState(db, order.id);
  expect(state.order.status).toBe("paid");
  expect(state.actions).toContain("attempt.query");
});

it("two instances running at once ask about each attempt once", async () => {
  const { attempt } = await requestOn(db, seed, methods.alipay, "CNY", 700n);
  const before = fake.calls.length;
  const [a, b] = await Promise.all([runAt(due), runAt(due)]);
  expect(a.queried + b.queried).toBeGreaterThanOrEqual(1);
  expect((await requestRow(attempt.id)).queryCount).toBe(1);
  expect(fake.calls.length - before).toBe(1);
});

it("a request paid at the last second, then expired on our side, is found by query", async () => {
  const { order, attempt } = await requestOn(db, seed, methods.alipay, "CNY", 3100n);
  const overdue = attempt.expiresAt.getTime() - Date.now() + 1000;
  await expireOverdue(db, new Date(Date.now() + overdue));
  expect((await orderState(db, order.id)).attempts[0]!.status).toBe("expired");
  fake.markPaid(attempt.token);
  await runAt(overdue + 60_000);
  const state = await orderState(db, order.id);
  expect(state.attempts[0]!.status).toBe("succeeded");
  expect(state.order.status).toBe("paid");
  expect(state.actions).toContain("attempt.query");
  // Long after the deadline, a request nobody paid is no longer asked about.
  const other = await requestOn(db, seed, methods.alipay, "CNY", 3200n);
  await expireOverdue(db, new Date(other.attempt.expiresAt.getTime() + 1000));
  const before = fake.calls.length;
  await runAt(other.attempt.expiresAt.getTime() - Date.now() + queryAfterExpiryMs + 60_000);
  expect(fake.calls.length).toBe(before);
});

describe("asking now (checkAttemptNow)", () => {
  const deps = { key: testEncryptionKey };

  it("a cashier's check settles a paid request at once, naming the cashier on the timeline", async () => {
    const { order, attempt } = await requestOn(db, seed, methods.alipay, "CNY", 1234n);
    const which = { attemptId: attempt.id, merchantId: seed.merchant.id };
    expect(await checkAttemptNow(db, deps, seed.staff, which)).toBe("waiting");
    fake.markPaid(attempt.token);
    expect(await checkAttemptNow(db, deps, seed.staff, which)).toBe("settled");
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    const query = state.audit.find((a) => a.action === "attempt.query")!;
    expect(query.actorUserId).toBe(seed.people.staff.id);
    expect(await checkAttemptNow(db, deps, seed.staff, which)).toBe("not_open");
  });

  it("another merchant's cashier cannot ask about the request", async () => {
    const { attempt } = await requestOn(db, seed, methods.alipay, "CNY", 1234n);
    const stranger = await seedPayments(db, "Stranger");
    expect(
      await checkAttemptNow(db, deps, stranger.staff, {
        attemptId: attempt.id,
        merchantId: stranger.merchant.id,
      }),
    ).toBe("not_open");
  });

  it("the customer back from PayPal's approval page gets the order captured at once", async () => {
    const { order, attempt } = await requestOn(db, seed, methods.paypal, "USD", 2500n);
    fake.markPaid(attempt.token); // approved by the buyer at PayPal
    expect(await checkAttemptNow(db, deps, activeQueryActor, { token: attempt.token })).toBe(
      "settled",
    );
    expect(fake.calls).toContainEqual(
      expect.stringMatching(/^POST \/paypal\/v2\/checkout\/orders\/PPREF\w+\/capture$/),
    );
    expect((await orderState(db, order.id)).attempts[0]).toMatchObject({
      status: "succeeded",
      amountMinor: 2500n,
    });
  });

  it(`asks on demand at most ${maxQueriesPerRequest} times per request (the pay page is public)`, async () => {
    const { attempt } = await requestOn(db, seed, methods.stripe, "USD", 800n);
    for (let i = 0; i < maxQueriesPerRequest; i++)
      expect(await checkAttemptNow(db, deps, activeQueryActor, { token: attempt.token })).toBe(
        "waiting",
      );
    const calls = fake.calls.length;
    expect(await checkAttemptNow(db, deps, activeQueryActor, { token: attempt.token })).toBe(
      "not_open",
    );
    expect(fake.calls.length).toBe(calls);
  });
});

it("a provider error is recorded on the request and retried later, changing nothing", async () => {
  const { order, attempt } = await requestOn(db, seed, methods.wechat_pay, "CNY", 650n);
  // The provider is unreachable (the last test of the file: the fake stays down).
  await fake.stop();
  const run = await runAt(due);
  expect(run.errors).toBeGreaterThanOrEqual(1);
  expect((await requestRow(attempt.id)).lastQueryResult).toMatch(/^NETWORK: /);
  expect((await orderState(db, order.id)).attempts[0]!.status).toBe("created");
});
