import { and, eq, inArray, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type OpenDatabase } from "@/db/open";
import { auditLog, outbox, paymentAttempts, providerRequests } from "@/db/schema";
import type { Db } from "@/db/types";
import { engine, setupTestDatabase } from "@/test/db";
import { FakeProviders } from "@/test/fake-providers";
import { testEncryptionKey } from "@/test/fixtures";
import { notify, payableOrder, requestOn, seedPayments, type PaymentsSeed } from "@/test/payments";
import { giveCustomerEmail } from "@/test/customer-email";
import { listenForEvents, type PaymentEvent } from "@/server/events/events.service";
import type { OutgoingMail } from "@/server/notices/mailer";
import { outboxConsumers } from "@/server/notices/outbox-delivery.service";
import { customerEmailTopic } from "@/server/notices/customer-notice.logic";
import { runPaymentJobs } from "./background-jobs.service";

/**
 * Several app instances on one PostgreSQL database (README, "Several instances"): each runs
 * every background job on its own timers. Here two instances are two pools on one database,
 * each with its own connections, running the very functions server/runtime.ts runs on a tick,
 * at the same time over the same backlog: every item must be done exactly once. PGlite is
 * single-process (a second opener is refused), so this runs on PostgreSQL only.
 */
const testDb = setupTestDatabase();
const a = testDb.db;
let second: OpenDatabase;
let b: Db;
let seed: PaymentsSeed;
const fake = new FakeProviders();
const longAgo = new Date(Date.now() - 3_600_000);
const n = 30;

describe.runIf(engine === "postgres")("two instances on one PostgreSQL", () => {
  beforeAll(async () => {
    const url = testDb.url;
    if (!url) throw new Error("the postgres project gives the database's address");
    second = await openDatabase({ url }, { migrate: false });
    b = second.db;
    seed = await seedPayments(a, "Fleet");
    await fake.start();
  });
  afterAll(async () => {
    await fake.stop();
    await second?.close();
  });

  /**
   * Both instances run a job's tick at once, again and again until neither finds work. The
   * first round starts in step: a third connection holds `table` locked until both ticks
   * wait on it, so both claim from the same backlog at the same moment rather than one
   * finishing before the other begins.
   */
  async function bothUntilDone(table: string, tick: (db: Db) => Promise<number>) {
    const done = { a: 0, b: 0 };
    const add = ([byA, byB]: [number, number]) => {
      done.a += byA;
      done.b += byB;
      return byA + byB;
    };
    add(await inStep(table, () => Promise.all([tick(a), tick(b)])));
    for (let round = 0; round < 20; round++) {
      if (add(await Promise.all([tick(a), tick(b)])) === 0) return done;
    }
    throw new Error("the jobs kept finding work after 20 rounds");
  }

  async function inStep<T>(table: string, run: () => Promise<T>): Promise<T> {
    const gate = new pg.Client({ connectionString: testDb.url });
    await gate.connect();
    try {
      await gate.query("begin");
      await gate.query(`lock table ${pg.escapeIdentifier(table)} in access exclusive mode`);
      const running = run();
      await vi.waitFor(
        async () => {
          const { rows } = await gate.query<{ waiting: number }>(
            "select count(*)::int as waiting from pg_locks where not granted and relation = $1::regclass",
            [table],
          );
          expect(rows[0]?.waiting).toBeGreaterThanOrEqual(2);
        },
        { timeout: 60_000, interval: 20 },
      );
      await gate.query("commit");
      return await running;
    } finally {
      await gate.end();
    }
  }

  /** How many audit rows of `action` each order has. */
  async function auditCounts(action: string, orderIds: string[]) {
    const rows = await a
      .select({ orderId: auditLog.entityId, count: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, action),
          eq(auditLog.entityType, "order"),
          inArray(auditLog.entityId, orderIds),
        ),
      )
      .groupBy(auditLog.entityId);
    return Object.fromEntries(rows.map((r) => [r.orderId, r.count]));
  }
  const oncePer = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, 1]));

  const paymentJobs = (db: Db) =>
    runPaymentJobs(db, {
      key: testEncryptionKey,
      deliver: () => {
        throw new Error("no refund is open here");
      },
    });

  it(`expires ${n} overdue requests once each`, async () => {
    const made = [];
    for (let i = 0; i < n; i++) made.push(await payableOrder(a, seed, BigInt(100 + i)));
    const attemptIds = made.map((m) => m.attempt.id);
    await a
      .update(paymentAttempts)
      .set({ expiresAt: longAgo })
      .where(inArray(paymentAttempts.id, attemptIds));

    const done = await bothUntilDone(
      "payment_attempts",
      async (db) => (await paymentJobs(db)).expiredAttempts,
    );
    expect(done.a + done.b).toBe(n);
    const rows = await a
      .select({ status: paymentAttempts.status })
      .from(paymentAttempts)
      .where(inArray(paymentAttempts.id, attemptIds));
    expect(rows.map((r) => r.status)).toEqual(attemptIds.map(() => "expired"));
    const orderIds = made.map((m) => m.order.id);
    expect(await auditCounts("attempt.expire", orderIds)).toEqual(oncePer(orderIds));
  });

  it(`asks the provider once about each of ${n} open requests and settles each once`, async () => {
    // A shop of its own: beside a real provider that is ready, the sandbox wallet is not offered.
    const shop = await seedPayments(a, "Fleet query");
    const alipay = (await fake.method(a, shop, "alipay")).id;
    const made = [];
    for (let i = 0; i < n; i++) {
      const request = await requestOn(a, shop, alipay, "CNY", BigInt(500 + i));
      // Paid, but the notification never came: only the active query can find it.
      fake.markPaid(request.attempt.token);
      made.push(request);
    }
    const attemptIds = made.map((m) => m.attempt.id);
    await a
      .update(providerRequests)
      .set({ nextQueryAt: longAgo })
      .where(inArray(providerRequests.attemptId, attemptIds));
    const callsBefore = fake.calls.length;

    const done = await bothUntilDone(
      "provider_requests",
      async (db) => (await paymentJobs(db)).queried,
    );
    expect(done.a + done.b).toBe(n);
    expect(fake.calls.length - callsBefore).toBe(n);
    const rows = await a
      .select({ queryCount: providerRequests.queryCount, status: paymentAttempts.status })
      .from(providerRequests)
      .innerJoin(paymentAttempts, eq(paymentAttempts.id, providerRequests.attemptId))
      .where(inArray(providerRequests.attemptId, attemptIds));
    expect(rows).toEqual(attemptIds.map(() => ({ queryCount: 1, status: "succeeded" })));
    const orderIds = made.map((m) => m.order.id);
    expect(await auditCounts("attempt.succeed", orderIds)).toEqual(oncePer(orderIds));
    expect(await auditCounts("attempt.query", orderIds)).toEqual(oncePer(orderIds));
  });

  it(`sends each of ${n} customer e-mails once`, async () => {
    const recipients: string[] = [];
    for (let i = 0; i < n; i++) {
      const { order, attempt } = await payableOrder(a, seed, BigInt(900 + i));
      const to = `fleet-${i}@example.com`;
      await giveCustomerEmail(a, order.id, to);
      // A failed payment queues one e-mail with the retry link.
      await notify(a, seed.sandbox.id, attempt, { outcome: "failed" });
      recipients.push(to);
    }
    await a
      .update(outbox)
      .set({ nextTryAt: longAgo })
      .where(and(eq(outbox.topic, customerEmailTopic), eq(outbox.state, "pending")));
    // Each instance has its own connection to the mail server, recorded here.
    const sentBy = new Map<Db, OutgoingMail[]>([
      [a, []],
      [b, []],
    ]);
    const done = await bothUntilDone("outbox", async (db) => {
      const mine = sentBy.get(db)!;
      const before = mine.length;
      await outboxConsumers[customerEmailTopic](db, {
        mailer: async (mail) => {
          // A mail server takes a moment: the other instance runs meanwhile.
          await new Promise((resolve) => setImmediate(resolve));
          mine.push(mail);
        },
        publicUrl: "https://shop.example",
      });
      return mine.length - before;
    });
    expect(done.a + done.b).toBe(n);
    const sent = [...sentBy.values()].flat().map((m) => m.to);
    expect(sent.sort()).toEqual([...recipients].sort());
    const states = await a
      .select({ state: outbox.state, tries: outbox.tries })
      .from(outbox)
      .where(eq(outbox.topic, customerEmailTopic));
    expect(states).toEqual(recipients.map(() => ({ state: "sent", tries: 1 })));
  });

  it("hears on one instance a payment applied through the other", async () => {
    const listening = await listenForEvents(testDb.opened);
    const stop = new AbortController();
    try {
      const { order, attempt } = await payableOrder(b, seed, 4200n);
      const changes = listening.hub.watch((e) => e.orderId === order.id, stop.signal);
      const paid = (async () => {
        for await (const change of changes) if (change.orderStatus === "paid") return change;
      })();
      // The notification reaches instance B; the event crosses over PostgreSQL to A's LISTEN.
      const { response } = await notify(b, seed.sandbox.id, attempt);
      expect(response.status).toBe(200);
      expect(await paid).toMatchObject<Partial<PaymentEvent>>({
        merchantId: seed.merchant.id,
        orderId: order.id,
        orderStatus: "paid",
      });
    } finally {
      stop.abort();
      await listening.stop();
    }
  });
});
