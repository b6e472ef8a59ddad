import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { paymentMethods, reconDifferences, statementLines, statements } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import {
  actorOf,
  methodInput,
  notify,
  payableOrder,
  postNotification,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import {
  jsonStatementReader,
  paidAt,
  sourceOf,
  statementFile,
  type TestLine,
} from "@/test/statement-import";
import { utf8 } from "@/test/statements/statement-bytes";
import { buildWechatBill } from "@/test/statements/wechat-bill";
import { listAudit } from "@/server/audit/audit.service";
import type { Delivery } from "@/server/connectors/types";
import { requestRefund } from "@/server/refunds/refund.service";
import { addDays, localDate, localDayStart } from "@/server/time/local-date.logic";
import { importStatement, type ImportProgress, type OpenReader } from "./statement-import.service";
import { refreshDifferences, rematchLine } from "./statement-match.service";
import { getStatement, listStatementLines, listStatements } from "./statement-query.service";
import {
  failStalledImports,
  lockStatement,
  transitionStatements,
} from "./statement-transition.service";
import { labelOf, testEncryptionKey } from "@/test/fixtures";
import { createPaymentMethod } from "@/server/payments/payment-method.service";

const { db } = setupTestDatabase();
const tz = "Asia/Shanghai";
let seed: PaymentsSeed;
let other: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "Recon");
  other = await seedPayments(db, "Elsewhere");
});

/** The local days from `first` to `last` (both included) as a statement's period. */
const period = (first: string, last = first) => ({
  from: localDayStart(first, tz),
  to: localDayStart(addDays(last, 1), tz),
});

function importFile(
  bytes: Uint8Array,
  s: PaymentsSeed = seed,
  progress?: (p: ImportProgress) => void,
) {
  return importStatement(
    db,
    s.manager,
    s.merchant.id,
    { methodId: s.sandbox.id, fileName: "bill.csv", source: "upload", file: sourceOf(bytes) },
    progress,
    jsonStatementReader,
  );
}

const importLines = (lines: TestLine[], days: { from: Date; to: Date } | null, tag = "") =>
  importFile(statementFile(lines, days, tag));

async function differencesOf(where = sql`true`) {
  return db
    .select()
    .from(reconDifferences)
    .where(and(eq(reconDifferences.merchantId, seed.merchant.id), where));
}

async function linesOf(statementId: string) {
  return db
    .select()
    .from(statementLines)
    .where(eq(statementLines.statementId, statementId))
    .orderBy(statementLines.lineNo);
}

async function succeedRefunds() {
  await db
    .update(paymentMethods)
    .set({ config: sql`${paymentMethods.config} || '{"refundOutcome":"succeed"}'::jsonb` })
    .where(eq(paymentMethods.id, seed.sandbox.id));
}

describe(`matching a statement (${engine})`, () => {
  it("matches what agrees and records each kind of difference once, with exact amounts", async () => {
    await succeedRefunds();
    const agreed = await paidAt(db, seed, 1000n);
    const amount = await paidAt(db, seed, 2000n);
    const fee = await paidAt(db, seed, 3000n);
    const notListed = await paidAt(db, seed, 1500n);
    const lost = await payableOrder(db, seed, 800n);
    const refunded = await paidAt(db, seed, 1200n);
    const theirs = await paidAt(db, other, 700n);
    const deliveries: Delivery[] = [];
    const refund = await requestRefund(
      db,
      { actor: seed.manager, role: "manager" },
      seed.merchant.id,
      { orderId: refunded.order.id, amountMinor: 1200n, reason: "customer_request" },
      { ...testProviders, deliver: (d) => deliveries.push(d) },
    );
    for (const d of deliveries.splice(0))
      await postNotification(db, d.methodId, { rawBody: d.body, headers: d.headers });
    const today = localDate(new Date(), tz);
    const { statementId } = await importLines(
      [
        { providerTxnId: agreed.attempt.providerTxnId, amountMinor: 1000n, feeMinor: 6n },
        { providerTxnId: amount.attempt.providerTxnId, amountMinor: 2100n, feeMinor: 13n },
        { merchantRef: fee.attempt.token, amountMinor: 3000n, feeMinor: 20n },
        { providerTxnId: "4200000000UNKNOWN", amountMinor: 990n, feeMinor: 6n },
        {
          providerTxnId: "4200000000LOST",
          merchantRef: lost.attempt.token,
          amountMinor: 800n,
          feeMinor: 5n,
        },
        { providerTxnId: agreed.attempt.providerTxnId, amountMinor: 1000n, feeMinor: 6n },
        { providerTxnId: refunded.attempt.providerTxnId, amountMinor: 1200n, feeMinor: 7n },
        {
          kind: "refund",
          providerTxnId: refunded.attempt.providerTxnId,
          providerRefundId: `SBR-${refund.id}`,
          amountMinor: 1200n,
          feeMinor: -7n,
        },
        { kind: "refund", providerRefundId: "5000000000NOPE", amountMinor: 300n },
        { providerTxnId: theirs.attempt.providerTxnId, amountMinor: 700n, feeMinor: 4n },
        { kind: "other", amountMinor: 50000n, providerStatus: "提现" },
      ],
      // Three days around now, so a test run at local midnight still covers its payments.
      period(addDays(today, -1), addDays(today, 1)),
    );
    const lines = await linesOf(statementId);
    expect(lines.map((l) => l.state)).toEqual([
      "matched",
      "difference",
      "difference",
      "difference",
      "difference",
      "difference",
      "matched",
      "matched",
      "difference",
      "difference",
      "ignored",
    ]);
    const found = await differencesOf();
    const pick = (kind: string, subjectKey: string) =>
      found.filter((d) => d.kind === kind && d.subjectKey === subjectKey);
    const line = (n: number) => `line:${lines[n - 1]!.id}`;
    expect(pick("amount_mismatch", line(2))).toMatchObject([
      { status: "open", theirAmountMinor: 2100n, ourAmountMinor: 2000n, orderId: amount.order.id },
    ]);
    expect(pick("fee_mismatch", line(3))).toMatchObject([
      { theirFeeMinor: 20n, ourFeeMinor: 18n, theirAmountMinor: 3000n, ourAmountMinor: 3000n },
    ]);
    expect(pick("missing_here", line(4))).toMatchObject([
      { theirAmountMinor: 990n, ourAmountMinor: null, attemptId: null },
    ]);
    // The lost notification: the attempt is found by our reference but has not succeeded.
    expect(pick("missing_here", line(5))).toMatchObject([
      { theirAmountMinor: 800n, ourAmountMinor: 800n, attemptId: lost.attempt.id },
    ]);
    expect(pick("duplicate_line", line(6))).toMatchObject([
      { theirAmountMinor: 1000n, attemptId: agreed.attempt.id },
    ]);
    expect(pick("refund_mismatch", line(9))).toMatchObject([
      { theirAmountMinor: 300n, refundId: null },
    ]);
    // Another merchant's payment is never ours: missing here, not matched across shops.
    expect(pick("missing_here", line(10))).toMatchObject([{ attemptId: null }]);
    expect(pick("missing_there", `attempt:${notListed.attempt.id}`)).toMatchObject([
      { theirAmountMinor: null, ourAmountMinor: 1500n, ourFeeMinor: 9n, day: today },
    ]);
    expect(found).toHaveLength(8);
    expect(lines[0]!.attemptId).toBe(agreed.attempt.id);
    expect(lines[7]!.refundId).toBe(refund.id);

    // The summary: lines by state and the differences by kind, theirs against ours.
    const summary = await getStatement(db, seed.merchant.id, statementId);
    expect(summary.status).toBe("imported");
    expect(summary.importedByName).toBe(labelOf(seed.people.manager));
    expect(summary.lines.find((l) => l.state === "matched")).toMatchObject({ count: 3 });
    expect(summary.differences.find((d) => d.kind === "missing_here")).toMatchObject({
      count: 3,
      open: 3,
      theirAmountMinor: 990n + 800n + 700n,
      ourAmountMinor: 800n,
    });
    expect(summary.differences.find((d) => d.kind === "missing_there")).toMatchObject({
      count: 1,
      ourAmountMinor: 1500n,
    });
    const page = await listStatementLines(db, seed.merchant.id, {
      statementId,
      state: "matched",
      limit: 2,
    });
    expect(page.rows.map((r) => r.lineNo)).toEqual([1, 7]);
    expect(page.rows[0]!.orderNumber).toBe(agreed.order.number);
    const next = await listStatementLines(db, seed.merchant.id, {
      statementId,
      state: "matched",
      cursor: page.nextCursor!,
    });
    expect(next.rows.map((r) => r.lineNo)).toEqual([8]);
    expect(next.rows[0]!.orderId).toBe(refunded.order.id);

    // The audit row of the import, the last of the chain.
    const [audit] = await listAudit(db, seed.merchant.id, { limit: 1 });
    expect(audit).toMatchObject({ action: "statement.imported", entityId: statementId });
    expect(audit!.after).toMatchObject({ lines: { matched: 3, difference: 7, ignored: 1 } });

    // The lost payment arrives ("query and apply"): matching its line again clears it.
    await notify(db, seed.sandbox.id, lost.attempt, { providerTxnId: "4200000000LOST" });
    expect(await db.transaction((tx) => rematchLine(tx, seed.merchant.id, lines[4]!.id))).toBe(
      "matched",
    );
    expect(pick("missing_here", line(5))).toHaveLength(1);
    const [cleared] = await differencesOf(eq(reconDifferences.subjectKey, line(5)));
    expect(cleared!.status).toBe("cleared");

    // Refreshing again changes nothing.
    const before = await differencesOf();
    await db.transaction((tx) =>
      refreshDifferences(tx, seed.merchant.id, seed.sandbox.id, [
        addDays(today, -1),
        today,
        addDays(today, 1),
      ]),
    );
    const after = await differencesOf();
    expect(after.map((d) => [d.id, d.status]).sort()).toEqual(
      before.map((d) => [d.id, d.status]).sort(),
    );
  });
});

describe(`a line listed twice in one bill (${engine})`, () => {
  it("matches a refund once: its second line is a duplicate difference, not a second match", async () => {
    await succeedRefunds();
    const paid = await paidAt(db, seed, 900n);
    const deliveries: Delivery[] = [];
    const refund = await requestRefund(
      db,
      { actor: seed.manager, role: "manager" },
      seed.merchant.id,
      { orderId: paid.order.id, amountMinor: 400n, reason: "customer_request" },
      { ...testProviders, deliver: (d) => deliveries.push(d) },
    );
    for (const d of deliveries.splice(0))
      await postNotification(db, d.methodId, { rawBody: d.body, headers: d.headers });
    const twice = {
      kind: "refund" as const,
      providerTxnId: paid.attempt.providerTxnId,
      providerRefundId: `SBR-${refund.id}`,
      amountMinor: 400n,
    };
    const { statementId } = await importLines([twice, twice], null, "refund twice");
    const lines = await linesOf(statementId);
    expect(lines.map((l) => [l.state, l.refundId])).toEqual([
      ["matched", refund.id],
      ["difference", refund.id],
    ]);
    expect(
      await differencesOf(eq(reconDifferences.subjectKey, `line:${lines[1]!.id}`)),
    ).toMatchObject([
      { kind: "duplicate_line", refundId: refund.id, theirAmountMinor: 400n, status: "open" },
    ]);
  });
});

describe(`the days a statement covers (${engine})`, () => {
  it("matches a line across midnight, reports our payments missing only on covered days, and clears them when a line comes", async () => {
    // 23:59:59 on 10 March in China; the payment's success reached us 3 s later, on the 11th.
    const late = await paidAt(db, seed, 4200n, new Date("2026-03-11T00:00:02+08:00"));
    const uncovered = await paidAt(db, seed, 4300n, new Date("2026-03-20T12:00:00+08:00"));

    // An empty day's statement for the 11th: our payment is 2 s inside it, within the tolerance
    // of its start, so it may be in the 10th's statement: not reported missing yet.
    const empty = await importLines([], period("2026-03-11"), "empty 11th");
    expect((await getStatement(db, seed.merchant.id, empty.statementId)).firstDay).toBe(
      "2026-03-11",
    );
    const subject = eq(reconDifferences.subjectKey, `attempt:${late.attempt.id}`);
    expect(await differencesOf(subject)).toEqual([]);

    // The 10th's statement is in and does not list it: now it is missing there.
    await importLines([], period("2026-03-10"), "empty 10th");
    expect(await differencesOf(subject)).toMatchObject([
      { kind: "missing_there", status: "open", day: "2026-03-11", ourAmountMinor: 4200n },
    ]);

    // A corrected statement of the 10th lists it at 23:59:59: matched across days, cleared.
    const tenth = await importLines(
      [
        {
          providerTxnId: late.attempt.providerTxnId,
          occurredAt: new Date("2026-03-10T23:59:59+08:00"),
          amountMinor: 4200n,
          feeMinor: 25n,
        },
      ],
      period("2026-03-10"),
    );
    const [line] = await linesOf(tenth.statementId);
    expect(line).toMatchObject({ state: "matched", day: "2026-03-10" });
    expect(await differencesOf(subject)).toMatchObject([{ status: "cleared" }]);

    // The 20th is covered by no statement: nothing is reported for it.
    expect(
      await differencesOf(eq(reconDifferences.subjectKey, `attempt:${uncovered.attempt.id}`)),
    ).toEqual([]);

    // Without a period, the statement covers its lines' days.
    const noPeriod = await importLines(
      [
        {
          providerTxnId: "NOPERIOD-1",
          occurredAt: new Date("2026-03-20T09:00:00+08:00"),
          amountMinor: 1n,
        },
      ],
      null,
    );
    const summary = await getStatement(db, seed.merchant.id, noPeriod.statementId);
    expect([summary.firstDay, summary.lastDay]).toEqual(["2026-03-20", "2026-03-20"]);
    expect(
      await differencesOf(eq(reconDifferences.subjectKey, `attempt:${uncovered.attempt.id}`)),
    ).toMatchObject([{ kind: "missing_there", day: "2026-03-20", ourAmountMinor: 4300n }]);
  });
});

describe(`the same statement twice (${engine})`, () => {
  const day = "2026-04-02";
  const at = new Date("2026-04-02T10:00:00+08:00");

  it("refuses the same file again and counts nothing twice", async () => {
    const bytes = statementFile(
      [{ providerTxnId: "TWICE-1", occurredAt: at, amountMinor: 10n }],
      period(day),
      "twice",
    );
    const first = await importFile(bytes);
    await expectDomainError(importFile(bytes), "CONFLICT", "statementAlreadyImported");
    const rows = await db
      .select()
      .from(statements)
      .where(
        eq(
          statements.fileSha256,
          (await db.select().from(statements).where(eq(statements.id, first.statementId)))[0]!
            .fileSha256,
        ),
      );
    expect(rows).toHaveLength(1);
    expect(await linesOf(first.statementId)).toHaveLength(1);
  });

  it("lets one of two imports of one file at the same time land, and refuses the other", async () => {
    const bytes = statementFile(
      [{ providerTxnId: "RACE-1", occurredAt: at, amountMinor: 11n }],
      period(day),
      "race",
    );
    const results = await Promise.allSettled([importFile(bytes), importFile(bytes)]);
    const landed = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(landed).toHaveLength(1);
    expect(refused).toHaveLength(1);
    // Told that the other one is still importing, or has landed, as it stood when refused.
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
      code: "CONFLICT",
      messageKey: expect.stringMatching(/^(statementImportRunning|statementAlreadyImported)$/),
    });
    const lines = await db
      .select()
      .from(statementLines)
      .where(eq(statementLines.providerTxnId, "RACE-1"));
    expect(lines).toHaveLength(1);
  });

  it("marks an overlapping statement's lines repeat: an ALL bill, then the SUCCESS bill of the day", async () => {
    const paid = await paidAt(db, seed, 5000n, new Date("2026-04-03T09:00:00+08:00"));
    const line: TestLine = {
      providerTxnId: paid.attempt.providerTxnId,
      occurredAt: new Date("2026-04-03T09:00:00+08:00"),
      amountMinor: 5000n,
      feeMinor: 30n,
    };
    const all = await importLines(
      [line, { providerTxnId: "ALL-ONLY", occurredAt: line.occurredAt!, amountMinor: 70n }],
      period("2026-04-03"),
      "ALL",
    );
    const before = await differencesOf();
    const success = await importLines(
      [line, { providerTxnId: "ALL-ONLY", occurredAt: line.occurredAt!, amountMinor: 70n }],
      period("2026-04-03"),
      "SUCCESS",
    );
    expect((await linesOf(all.statementId)).map((l) => l.state)).toEqual(["matched", "difference"]);
    expect((await linesOf(success.statementId)).map((l) => l.state)).toEqual(["repeat", "repeat"]);
    expect(await differencesOf()).toHaveLength(before.length);
  });
});

describe(`an import cut off by a stopped server (${engine})`, () => {
  const at = new Date("2026-04-05T10:00:00+08:00");
  // A shop of its own: the imports failed here are none of the other tests' business.
  let shop: PaymentsSeed;
  beforeAll(async () => {
    shop = await seedPayments(db, "Cut off");
  });
  const cutFile = (tag: string) =>
    statementFile(
      Array.from({ length: 300 }, (_, i) => ({
        providerTxnId: `${tag}-${i + 1}`,
        occurredAt: at,
        amountMinor: 10n,
      })),
      period("2026-04-05"),
      tag,
    );

  /**
   * Starts importing the file and stops for good after its first batch of lines is written,
   * as an import does when the server is killed: the statement stays `importing`.
   */
  async function cutOffImport(bytes: Uint8Array) {
    const stopped = new Promise<never>(() => {});
    const cutReader: OpenReader = async (source, options) => {
      const reader = await jsonStatementReader(source, options);
      const all = reader.lines;
      return {
        ...reader,
        lines: (async function* () {
          let n = 0;
          for await (const line of all) {
            if (++n > 260) await stopped;
            yield line;
          }
        })(),
      };
    };
    let failed: unknown = null;
    importStatement(
      db,
      shop.manager,
      shop.merchant.id,
      { methodId: shop.sandbox.id, fileName: "bill.csv", source: "upload", file: sourceOf(bytes) },
      () => {},
      cutReader,
    ).catch((err: unknown) => (failed = err));
    for (;;) {
      if (failed) throw failed;
      const [row] = await db
        .selectDistinct({ id: statementLines.statementId })
        .from(statementLines)
        .innerJoin(statements, eq(statements.id, statementLines.statementId))
        .where(
          and(eq(statements.merchantId, shop.merchant.id), eq(statements.status, "importing")),
        );
      if (row) return row.id;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const stillFor = (statementId: string, minutes: number) =>
    db
      .update(statements)
      .set({ progressAt: sql`now() - make_interval(mins => ${minutes})` })
      .where(eq(statements.id, statementId));

  it("frees the file once the import has not moved for five minutes: the same file lands whole", async () => {
    const bytes = cutFile("CUT-OFF");
    const cut = await cutOffImport(bytes);
    await stillFor(cut, 6);
    const again = await importFile(bytes, shop);
    expect(await linesOf(again.statementId)).toHaveLength(300);
    const [old] = await db.select().from(statements).where(eq(statements.id, cut));
    expect(old).toMatchObject({ status: "failed", errorKey: "statementImportInterrupted" });
    expect(await linesOf(cut)).toEqual([]);
  });

  it("lets one of two imports of a cut-off file at the same time land, and refuses the other as running", async () => {
    const bytes = cutFile("TWICE-CUT");
    const cut = await cutOffImport(bytes);
    await stillFor(cut, 6);
    const results = await Promise.allSettled([importFile(bytes, shop), importFile(bytes, shop)]);
    const landed = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(landed).toHaveLength(1);
    expect(refused.map((r) => (r.reason as { messageKey?: string }).messageKey)).toEqual([
      "statementImportRunning",
    ]);
    const [old] = await db.select().from(statements).where(eq(statements.id, cut));
    expect(old?.status).toBe("failed");
  });

  it.runIf(engine === "postgres")(
    "a sweep meeting an import that finishes late skips it: no deadlock, the import lands",
    async () => {
      const cut = await cutOffImport(cutFile("LATE"));
      await stillFor(cut, 6);
      let swept: Promise<unknown> = Promise.resolve();
      // The import's last transaction, as it runs: the row first, then its lines (matching).
      await db.transaction(async (tx) => {
        expect(await lockStatement(tx, cut)).toBe("importing");
        await tx
          .update(statementLines)
          .set({ state: sql`${statementLines.state}` })
          .where(eq(statementLines.statementId, cut));
        swept = db.transaction((other) => failStalledImports(other, shop.merchant.id));
        // Time for the sweep to reach the row; whatever it does, it must not wait for it.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await transitionStatements(tx, eq(statements.id, cut), "imported");
      });
      expect(await swept).toEqual([]);
      const [row] = await db.select().from(statements).where(eq(statements.id, cut));
      expect(row?.status).toBe("imported");
      expect((await linesOf(cut)).length).toBeGreaterThan(0);
    },
  );

  it("shows an import that stopped moving as interrupted in the list and on its page", async () => {
    const cut = await cutOffImport(cutFile("LISTED"));
    await stillFor(cut, 6);
    const { rows } = await listStatements(db, shop.merchant.id, {});
    expect(rows.find((s) => s.id === cut)).toMatchObject({
      status: "failed",
      errorKey: "statementImportInterrupted",
    });
    expect(await getStatement(db, shop.merchant.id, cut)).toMatchObject({
      status: "failed",
      lines: [],
    });
  });

  it("says an import still moving is under way, not that the file was imported", async () => {
    const bytes = cutFile("MOVING");
    const moving = await cutOffImport(bytes);
    await stillFor(moving, 1);
    await expectDomainError(importFile(bytes, shop), "CONFLICT", "statementImportRunning");
    const [row] = await db.select().from(statements).where(eq(statements.id, moving));
    expect(row?.status).toBe("importing");
  });
});

describe(`a file that breaks while read (${engine})`, () => {
  it("leaves the statement failed with the reason and no lines, and tells the caller", async () => {
    const bytes = statementFile(
      [
        { providerTxnId: "OK-1", amountMinor: 1n },
        ...Array.from({ length: 2500 }, (_, i) => ({
          providerTxnId: `OK-${i + 2}`,
          amountMinor: 2n,
        })),
        { providerTxnId: "CUT", amountMinor: 3n, broken: true },
      ],
      null,
      "broken",
    );
    const seen: ImportProgress[] = [];
    await expectDomainError(
      importFile(bytes, seed, (p) => seen.push(p)),
      "VALIDATION",
      "statementTruncated",
    );
    expect(seen.some((p) => p.phase === "reading" && p.lines === 2000)).toBe(true);
    const [failed] = await db
      .select()
      .from(statements)
      .where(and(eq(statements.merchantId, seed.merchant.id), eq(statements.status, "failed")));
    expect(failed).toMatchObject({ errorKey: "statementTruncated", errorDetails: { line: 2502 } });
    expect(await linesOf(failed!.id)).toEqual([]);
  });
});

describe(`another merchant's method (${engine})`, () => {
  it("is not found", async () => {
    await expectDomainError(
      importStatement(
        db,
        actorOf(seed.people.owner),
        seed.merchant.id,
        {
          methodId: other.sandbox.id,
          fileName: "x.csv",
          source: "upload",
          file: sourceOf(statementFile([], null, "other")),
        },
        undefined,
        jsonStatementReader,
      ),
      "NOT_FOUND",
      "methodNotFound",
    );
  });
});

describe(`a WeChat Pay bill, read by the real parser (${engine})`, () => {
  const at = "2026-05-05 21:30:00";

  it("imports and matches its lines, once even when brought twice at the same time", async () => {
    const paid = await paidAt(db, seed, 1000n, new Date(`2026-05-05T21:30:00+08:00`));
    const bill = utf8(
      buildWechatBill([
        {
          time: at,
          txnId: paid.attempt.providerTxnId,
          merchantRef: paid.attempt.token,
          amount: "10.00",
          fee: "0.06000",
        },
        { time: at, txnId: "4200000000000000001", merchantRef: "NOT-OURS", amount: "0.01" },
      ]),
    );
    const importBill = () =>
      importStatement(db, seed.manager, seed.merchant.id, {
        methodId: seed.sandbox.id,
        fileName: "wechat-2026-05-05.csv",
        source: "upload",
        file: sourceOf(bill, 100),
      });
    const results = await Promise.allSettled([importBill(), importBill()]);
    const landed = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(landed).toHaveLength(1);
    const summary = await getStatement(db, seed.merchant.id, landed[0]!.statementId);
    expect(summary).toMatchObject({ format: "wechat_trade", firstDay: "2026-05-05" });
    expect(summary.totals.paymentsMinor).toEqual({
      declared: 1001n,
      counted: 1001n,
      isMismatch: false,
    });
    expect((await linesOf(landed[0]!.statementId)).map((l) => [l.state, l.feeMinor])).toEqual([
      ["matched", 6n],
      ["difference", 0n],
    ]);
  });

  it("leaves a bill cut before its summary failed, with the parser's reason", async () => {
    const cut = utf8(
      buildWechatBill(
        [{ time: at, txnId: "4200000000000000009", merchantRef: "X", amount: "1.00" }],
        {
          withoutSummary: true,
        },
      ),
    );
    const error = await importStatement(db, seed.manager, seed.merchant.id, {
      methodId: seed.sandbox.id,
      fileName: "cut.csv",
      source: "upload",
      file: sourceOf(cut),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VALIDATION" });
    const [failed] = await db
      .select()
      .from(statements)
      .where(and(eq(statements.fileName, "cut.csv"), eq(statements.merchantId, seed.merchant.id)));
    expect(failed).toMatchObject({
      status: "failed",
      errorKey: (error as { messageKey: string }).messageKey,
    });
    expect(await linesOf(failed!.id)).toEqual([]);
  });
  it("refuses another provider's statement, naming the method, and stores nothing", async () => {
    const paypal = await createPaymentMethod(
      db,
      seed.manager,
      seed.merchant.id,
      methodInput({ kind: "paypal", label: "PayPal counter", currencies: ["USD"] }),
      testEncryptionKey,
    );
    const bill = utf8(
      buildWechatBill([
        { time: at, txnId: "4200000000000000011", merchantRef: "Y", amount: "1.00" },
      ]),
    );
    const error = await importStatement(db, seed.manager, seed.merchant.id, {
      methodId: paypal.id,
      fileName: "wechat-on-paypal.csv",
      source: "upload",
      file: sourceOf(bill),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "VALIDATION",
      messageKey: "statementWrongProvider",
      details: { method: "PayPal counter" },
    });
    expect(await db.select().from(statements).where(eq(statements.methodId, paypal.id))).toEqual(
      [],
    );
  });
});
