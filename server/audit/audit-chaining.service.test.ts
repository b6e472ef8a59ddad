import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { openDatabase } from "@/db/open";
import { auditLog, auditPending, merchants, users } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { seedMerchant } from "@/test/fixtures";
import {
  chainAllPending,
  chainInTransaction,
  chainSoon,
  overduePending,
  queueAudit,
  queueAuditIn,
  type QueuedAudit,
  type StatementQueued,
} from "./audit-chainer.service";
import {
  auditRowJson,
  chainStatementAudit,
  recordAudit,
  verifyAuditChain,
  type Actor,
} from "./audit.service";

const test = setupTestDatabase();
const { db } = test;

const system: Actor = { userId: null, ip: null, userAgent: "vitest" };

async function pendingOf(merchantId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditPending)
    .where(eq(auditPending.merchantId, merchantId));
  return row?.n ?? 0;
}

function queued(merchantId: string, action: string, createdAt = new Date()): QueuedAudit {
  return {
    merchantId,
    actorUserId: null,
    action,
    entityType: "t",
    entityId: null,
    before: null,
    after: { action },
    ipAddress: null,
    userAgent: "vitest",
    createdAt,
  };
}

async function chainOf(merchantId: string) {
  return db
    .select({ seq: auditLog.seq, action: auditLog.action, after: auditLog.after })
    .from(auditLog)
    .where(eq(auditLog.merchantId, merchantId))
    .orderBy(asc(auditLog.seq));
}

/** A promise and the function that settles it: a transaction held open until the test says. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe(`audit rows queued in the transaction, chained after its commit (${engine})`, () => {
  it("keeps a transaction's rows in the order recorded, after the rows committed before it", async () => {
    const { merchant } = await seedMerchant(db, "Order");
    await db.transaction((tx) =>
      recordAudit(tx, system, { merchantId: merchant.id, action: "first", entityType: "t" }),
    );
    await db.transaction(async (tx) => {
      for (const action of ["a", "b", "c"])
        await recordAudit(tx, system, { merchantId: merchant.id, action, entityType: "t" });
    });
    expect((await chainOf(merchant.id)).map((r) => [r.seq, r.action])).toEqual([
      [1, "first"],
      [2, "a"],
      [3, "b"],
      [4, "c"],
    ]);
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  it("writes what was recorded, not what the caller changed afterwards", async () => {
    const { merchant } = await seedMerchant(db, "Frozen");
    const after = { status: "paid" };
    await db.transaction(async (tx) => {
      await recordAudit(tx, system, {
        merchantId: merchant.id,
        action: "x",
        entityType: "t",
        after,
      });
      after.status = "changed later";
    });
    expect((await chainOf(merchant.id)).map((r) => r.after)).toEqual([{ status: "paid" }]);
  });

  it("leaves no row and no gap when the transaction fails after recording", async () => {
    const { merchant } = await seedMerchant(db, "Rollback");
    await expect(
      db.transaction(async (tx) => {
        await recordAudit(tx, system, { merchantId: merchant.id, action: "lost", entityType: "t" });
        await tx.execute(sql`select 1/0`);
      }),
    ).rejects.toThrow();
    await db.transaction((tx) =>
      recordAudit(tx, system, { merchantId: merchant.id, action: "kept", entityType: "t" }),
    );
    expect((await chainOf(merchant.id)).map((r) => [r.seq, r.action])).toEqual([[1, "kept"]]);
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
    expect(await pendingOf(merchant.id)).toBe(0);
  });

  it("chains one transaction's rows of two merchants each in its own chain", async () => {
    const [a, b] = [await seedMerchant(db, "TwoA"), await seedMerchant(db, "TwoB")];
    for (let i = 0; i < 3; i++) {
      await db.transaction(async (tx) => {
        await recordAudit(tx, system, { merchantId: b.merchant.id, action: "b", entityType: "t" });
        await recordAudit(tx, system, { merchantId: a.merchant.id, action: "a", entityType: "t" });
        await recordAudit(tx, system, { merchantId: null, action: "sys", entityType: "t" });
      });
    }
    expect((await chainOf(a.merchant.id)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect((await chainOf(b.merchant.id)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(await verifyAuditChain(db, a.merchant.id)).toBeNull();
    expect(await verifyAuditChain(db, b.merchant.id)).toBeNull();
    expect(await verifyAuditChain(db, null)).toBeNull();
  });

  it("detects a row edited after it was chained", async () => {
    const { merchant } = await seedMerchant(db, "Tamper");
    await db.transaction(async (tx) => {
      for (const i of [1, 2, 3])
        await recordAudit(tx, system, {
          merchantId: merchant.id,
          action: "x",
          entityType: "t",
          after: { i },
        });
    });
    await db
      .update(auditLog)
      .set({ after: { i: 20 } })
      .where(sql`${auditLog.merchantId} = ${merchant.id} and ${auditLog.seq} = 2`);
    expect(await verifyAuditChain(db, merchant.id)).toBe(2);
  });

  // On PGlite, one connection runs one transaction at a time: only PostgreSQL can show two of
  // a merchant's transactions open together.
  it.runIf(engine === "postgres")(
    "does not hold a merchant's other transactions while one that has recorded is still working",
    async () => {
      const { merchant } = await seedMerchant(db, "Overlap");
      const held = gate();
      const recorded = gate();
      const slow = db.transaction(async (tx) => {
        await recordAudit(tx, system, { merchantId: merchant.id, action: "slow", entityType: "t" });
        recorded.open();
        await held.opened;
      });
      await recorded.opened;
      // The second transaction commits while the first, which recorded before it, is open.
      await db.transaction((tx) =>
        recordAudit(tx, system, { merchantId: merchant.id, action: "quick", entityType: "t" }),
      );
      held.open();
      await slow;
      expect((await chainOf(merchant.id)).map((r) => r.action)).toEqual(["quick", "slow"]);
      expect(await verifyAuditChain(db, merchant.id)).toBeNull();
    },
  );

  it("gives many concurrent transactions of one merchant, some over two chains, one valid chain each", async () => {
    const [a, b] = [await seedMerchant(db, "RaceA"), await seedMerchant(db, "RaceB")];
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        db.transaction(async (tx) => {
          // Every third touches both chains, in either order: they must not deadlock.
          const [first, second] = i % 2 ? [a, b] : [b, a];
          await recordAudit(tx, system, {
            merchantId: first.merchant.id,
            action: "one",
            entityType: "t",
            after: { i },
          });
          await tx.execute(sql`select pg_sleep(0.001)`);
          if (i % 3 === 0)
            await recordAudit(tx, system, {
              merchantId: second.merchant.id,
              action: "two",
              entityType: "t",
              after: { i },
            });
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const [rowsA, rowsB] = [await chainOf(a.merchant.id), await chainOf(b.merchant.id)];
    expect(rowsA.length + rowsB.length).toBe(24 + 8);
    expect(rowsA.map((r) => r.seq)).toEqual(rowsA.map((_, i) => i + 1));
    expect(rowsB.map((r) => r.seq)).toEqual(rowsB.map((_, i) => i + 1));
    expect(await verifyAuditChain(db, a.merchant.id)).toBeNull();
    expect(await verifyAuditChain(db, b.merchant.id)).toBeNull();
  });

  it("leaves rows queued by a process that stopped before chaining them to the sweep, which chains them after the rows already chained", async () => {
    const { merchant } = await seedMerchant(db, "Crash");
    await db.transaction((tx) =>
      recordAudit(tx, system, { merchantId: merchant.id, action: "before", entityType: "t" }),
    );
    // Queued and committed, but the chainer never ran: what a crash after COMMIT leaves.
    const old = new Date(Date.now() - 10 * 60_000);
    await db.transaction((tx) =>
      queueAudit(tx, [queued(merchant.id, "lost 1", old), queued(merchant.id, "lost 2", old)]),
    );
    expect(await pendingOf(merchant.id)).toBe(2);
    expect(await overduePending(db)).toBeGreaterThanOrEqual(2);
    // Queued rows are not in the chain yet: the chain up to them is intact.
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
    expect(await chainAllPending(db)).toBeGreaterThanOrEqual(2);
    expect((await chainOf(merchant.id)).map((r) => [r.seq, r.action])).toEqual([
      [1, "before"],
      [2, "lost 1"],
      [3, "lost 2"],
    ]);
    expect(await pendingOf(merchant.id)).toBe(0);
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  it("chains rows as they were recorded, whatever JSON they hold, once its chainer knows the head", async () => {
    const { merchant } = await seedMerchant(db, "Content");
    // The first chaining reads the head; those after it hash the rows from what was recorded.
    const odd = {
      z: 1,
      a: { y: [1.5, -0, 1e21, 0.1 + 0.2, 2 ** 60], b: 'ü\u2028😀 "q" \\' },
      none: null,
      skipped: undefined,
      at: new Date("2026-01-02T03:04:05.678Z"),
      amount: 12345678901234567890n,
    };
    for (const entityId of ["first", "ABC-Upper", "  spaced  "]) {
      await db.transaction(async (tx) => {
        await recordAudit(
          tx,
          { userId: null, ip: "203.0.113.9", userAgent: "Mozilla/5.0 ü" },
          {
            merchantId: merchant.id,
            action: "odd",
            entityType: "t",
            entityId,
            before: null,
            after: odd,
          },
        );
        await recordAudit(tx, system, {
          merchantId: merchant.id,
          action: "plain",
          entityType: "t",
        });
      });
    }
    expect((await chainOf(merchant.id)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
    expect(await pendingOf(merchant.id)).toBe(0);
  });

  it("chains a row a statement queued from the row it returned, as the log holds it", async () => {
    const { merchant } = await seedMerchant(db, "InStatement");
    // The first chaining reads the head; the statements' rows are then hashed from what they returned.
    await db.transaction((tx) =>
      recordAudit(tx, system, { merchantId: merchant.id, action: "first", entityType: "t" }),
    );
    const after = { a: { y: [1.5, 2 ** 60], b: 'ü\u2028😀 "q"' }, none: null, amount: 10n };
    for (const entityId of ["one", "ABC-Upper"]) {
      const row = auditRowJson(
        { userId: null, ip: "203.0.113.9", userAgent: "Mozilla/5.0 ü" },
        { merchantId: merchant.id, action: "in-statement", entityType: "t", after },
      );
      const { rows } = (await db.execute(
        sql`with changed as (select ${entityId}::text as id)
          ${queueAuditIn(sql`${row}`, { entityId: sql`changed.id`, after: sql`jsonb_build_object('known', changed.id)` }, sql`changed`)}`,
      )) as unknown as { rows: { queued_row: StatementQueued }[] };
      expect(rows).toHaveLength(1);
      await chainStatementAudit(db, merchant.id, rows[0]!.queued_row);
    }
    expect((await chainOf(merchant.id)).map((r) => [r.seq, r.action, r.after])).toEqual([
      [1, "first", null],
      [2, "in-statement", { ...after, amount: "10", known: "one" }],
      [3, "in-statement", { ...after, amount: "10", known: "ABC-Upper" }],
    ]);
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
    expect(await pendingOf(merchant.id)).toBe(0);
  });

  it("never chains a row twice when another chainer took it first", async () => {
    const { merchant } = await seedMerchant(db, "TakenFirst");
    await db.transaction((tx) =>
      recordAudit(tx, system, { merchantId: merchant.id, action: "first", entityType: "t" }),
    );
    const byChain = await db.transaction((tx) =>
      queueAudit(tx, [queued(merchant.id, "q1"), queued(merchant.id, "q2")]),
    );
    // The sweep takes them before the chainer of the transaction that queued them runs.
    expect(await chainAllPending(db)).toBeGreaterThanOrEqual(2);
    expect(await chainSoon(db, merchant.id, byChain.get(merchant.id))).toBe(0);
    expect((await chainOf(merchant.id)).map((r) => [r.seq, r.action])).toEqual([
      [1, "first"],
      [2, "q1"],
      [3, "q2"],
    ]);
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  // The appends of the chainer's own statements commit without waiting for the disk (their rows
  // are on disk already, queued); one made in a caller's transaction must leave its commit as it was.
  it("chains in a caller's transaction without changing how that transaction commits", async () => {
    const { merchant } = await seedMerchant(db, "CallersCommit");
    const mode = sql`select current_setting('synchronous_commit') as mode`;
    const [before, after] = await db.transaction(async (tx) => {
      const read = async () =>
        ((await tx.execute(mode)) as unknown as { rows: { mode: string }[] }).rows[0]?.mode;
      const first = await read();
      await queueAudit(tx, [queued(merchant.id, "in the caller's transaction")]);
      await chainInTransaction(tx, merchant.id);
      return [first, await read()];
    });
    expect(after).toBe(before);
    if (engine === "postgres") expect(after).toBe("on");
    expect((await chainOf(merchant.id)).map((r) => r.action)).toEqual([
      "in the caller's transaction",
    ]);
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  // The changes' announcements ride on the append that chains their rows; when no append of
  // the run chains them (another chainer took the rows first), they go on their own after it.
  it("sends the notices given with a chain's rows once each, whichever way the rows were chained", async () => {
    const { merchant } = await seedMerchant(db, "Notices");
    const channel = "audit_chain_notices";
    const heard: string[] = [];
    const stop = await test.opened.listen(channel, (payload) => heard.push(payload));
    try {
      const queueOne = async (action: string) =>
        (await db.transaction((tx) => queueAudit(tx, [queued(merchant.id, action)]))).get(
          merchant.id,
        );
      const notice = (payload: string) => [{ channel, payload }];
      // Chained by the read path (no rows in hand), then from memory after the head it left.
      await queueOne("read");
      expect(await chainSoon(db, merchant.id, undefined, notice("read"))).toBe(1);
      expect(await chainSoon(db, merchant.id, await queueOne("known"), notice("known"))).toBe(1);
      // Taken by the sweep before the run: nothing left to append for it.
      const swept = await queueOne("swept");
      expect(await chainAllPending(db)).toBeGreaterThanOrEqual(1);
      expect(await chainSoon(db, merchant.id, swept, notice("swept"))).toBe(0);
      await vi.waitFor(() => expect(heard).toHaveLength(3), { timeout: 60_000 });
      expect(heard).toEqual(["read", "known", "swept"]);
      expect((await chainOf(merchant.id)).map((r) => r.action)).toEqual(["read", "known", "swept"]);
      expect(await verifyAuditChain(db, merchant.id)).toBeNull();
    } finally {
      await stop();
    }
  });

  // The queue has no foreign keys (db/schema/audit.ts): the sweep does what they did.
  it("sweeps past rows whose shop or actor was deleted while they waited", async () => {
    const gone = await seedMerchant(db, "GoneShop");
    const kept = await seedMerchant(db, "KeptShop");
    const leaver = kept.people.analyst;
    await db.transaction((tx) =>
      queueAudit(tx, [
        queued(gone.merchant.id, "of a deleted shop"),
        { ...queued(kept.merchant.id, "by a deleted actor"), actorUserId: leaver.id },
      ]),
    );
    await db.delete(merchants).where(eq(merchants.id, gone.merchant.id));
    await db.delete(users).where(eq(users.id, leaver.id));
    await chainAllPending(db);
    expect(await pendingOf(gone.merchant.id)).toBe(0);
    expect(await pendingOf(kept.merchant.id)).toBe(0);
    const [row] = await db
      .select({ action: auditLog.action, actorUserId: auditLog.actorUserId })
      .from(auditLog)
      .where(eq(auditLog.merchantId, kept.merchant.id));
    expect(row).toEqual({ action: "by a deleted actor", actorUserId: null });
    expect(await verifyAuditChain(db, kept.merchant.id)).toBeNull();
  });

  it("chains a backlog larger than one batch in order", async () => {
    const { merchant } = await seedMerchant(db, "Backlog");
    const rows = Array.from({ length: 1203 }, (_, i) => queued(merchant.id, `r${i}`));
    await db.transaction((tx) => queueAudit(tx, rows));
    expect(await chainSoon(db, merchant.id)).toBe(1203);
    const chain = await chainOf(merchant.id);
    expect(chain.map((r) => r.action)).toEqual(rows.map((r) => r.action));
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  // Two handles on one PostgreSQL database stand for two app instances, each with its chainer.
  it.runIf(engine === "postgres")(
    "lets chainers of two instances race on one chain: every queued row chained once, no seq twice",
    async () => {
      const { merchant } = await seedMerchant(db, "TwoChainers");
      const second = await openDatabase({ url: test.url! }, { migrate: false });
      try {
        const handles = [db, second.db];
        // Rows queued without their chainer, then chained by both instances' chainers at once,
        // while more changes commit on both (whose own chainers join in).
        await db.transaction((tx) =>
          queueAudit(
            tx,
            Array.from({ length: 40 }, (_, i) => queued(merchant.id, `q${i}`)),
          ),
        );
        await Promise.all([
          ...Array.from({ length: 30 }, (_, i) =>
            handles[i % 2]!.transaction((tx) =>
              recordAudit(tx, system, {
                merchantId: merchant.id,
                action: `t${i}`,
                entityType: "t",
              }),
            ),
          ),
          ...Array.from({ length: 6 }, (_, i) => chainSoon(handles[i % 2]!, merchant.id)),
          chainAllPending(second.db),
        ]);
        const chain = await chainOf(merchant.id);
        expect(chain.map((r) => r.seq)).toEqual(chain.map((_, i) => i + 1));
        expect(chain.map((r) => r.action).sort()).toEqual(
          [
            ...Array.from({ length: 40 }, (_, i) => `q${i}`),
            ...Array.from({ length: 30 }, (_, i) => `t${i}`),
          ].sort(),
        );
        expect(await pendingOf(merchant.id)).toBe(0);
        expect(await verifyAuditChain(db, merchant.id)).toBeNull();
      } finally {
        await second.close();
      }
    },
  );

  it.runIf(engine === "postgres")(
    "chains an instance's rows after the rows another instance chained since its last append",
    async () => {
      const { merchant } = await seedMerchant(db, "Alternate");
      const second = await openDatabase({ url: test.url! }, { migrate: false });
      try {
        // Each instance's chainer remembers the head it left, which the other then moves.
        for (const [i, handle] of [db, second.db, db, second.db, db].entries()) {
          await handle.transaction(async (tx) => {
            for (const part of ["a", "b"])
              await recordAudit(tx, system, {
                merchantId: merchant.id,
                action: `${i}${part}`,
                entityType: "t",
              });
          });
        }
        expect((await chainOf(merchant.id)).map((r) => r.action)).toEqual(
          ["0", "1", "2", "3", "4"].flatMap((i) => [`${i}a`, `${i}b`]),
        );
        expect(await pendingOf(merchant.id)).toBe(0);
        expect(await verifyAuditChain(db, merchant.id)).toBeNull();
      } finally {
        await second.close();
      }
    },
  );
});
