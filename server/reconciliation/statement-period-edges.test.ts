import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, merchants, paymentAttempts, reconDifferences, statements } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { jsonStatementReader, paidAt, sourceOf, statementFile } from "@/test/statement-import";
import { utf8 } from "@/test/statements/statement-bytes";
import { buildWechatBill } from "@/test/statements/wechat-bill";
import { closeDay, getDayClose, listDays } from "./recon-day.service";
import { importStatement, type OpenReader } from "./statement-import.service";
import { getStatement } from "./statement-query.service";
import { openStatement } from "./parsers/open-statement";
import { downloadAndImport } from "./statement-download.service";
import { testEncryptionKey } from "@/test/fixtures";

/*
 * A statement's period cuts through the shop's days when the provider's day is not the shop's:
 * our payments are reported missing from it only inside its period, and a day it reaches into
 * only in part is shown so and cannot be closed.
 */

const { db } = setupTestDatabase();

async function shopIn(label: string, timeZone: string) {
  const seed = await seedPayments(db, label);
  await db.update(merchants).set({ timeZone }).where(eq(merchants.id, seed.merchant.id));
  return seed;
}

function importFile(seed: PaymentsSeed, bytes: Uint8Array, reader: OpenReader) {
  return importStatement(
    db,
    seed.manager,
    seed.merchant.id,
    { methodId: seed.sandbox.id, fileName: "bill.csv", source: "upload", file: sourceOf(bytes) },
    undefined,
    reader,
  );
}

const importPeriod = (seed: PaymentsSeed, from: string, to: string, tag: string) =>
  importFile(
    seed,
    statementFile([], { from: new Date(from), to: new Date(to) }, tag),
    jsonStatementReader,
  );

/** The open `missing_there` differences of the shop, as [amount, local day]. */
async function missingThere(seed: PaymentsSeed) {
  const rows = await db
    .select({ amount: reconDifferences.ourAmountMinor, day: reconDifferences.day })
    .from(reconDifferences)
    .where(
      and(
        eq(reconDifferences.merchantId, seed.merchant.id),
        eq(reconDifferences.kind, "missing_there"),
        eq(reconDifferences.status, "open"),
      ),
    );
  return rows.map((r) => [r.amount, r.day]).sort((a, b) => Number(a[0]) - Number(b[0]));
}

async function stateOf(seed: PaymentsSeed, day: string) {
  const { methods } = await listDays(db, seed.merchant.id, {
    month: day.slice(0, 7),
    methodId: seed.sandbox.id,
  });
  return methods[0]!.days.find((d) => d.day === day)!.state;
}

describe(`a Beijing day's statement in a London shop (${engine})`, () => {
  let london: PaymentsSeed;
  beforeAll(async () => {
    london = await shopIn("London edges", "Europe/London");
  });

  it("reports our payments missing only inside its period, and shows both local days partly covered", async () => {
    // Alipay's bill of 1 March, China time: 28 Feb 16:00 – 1 Mar 16:00 UTC (London is UTC then).
    await paidAt(db, london, 101n, new Date("2026-02-28T10:00:00Z")); // 28 Feb, before it
    await paidAt(db, london, 102n, new Date("2026-02-28T20:00:00Z")); // 28 Feb, inside
    await paidAt(db, london, 103n, new Date("2026-03-01T12:00:00Z")); // 1 Mar, inside
    await paidAt(db, london, 104n, new Date("2026-03-01T15:58:00Z")); // 1 Mar, at its end
    await paidAt(db, london, 105n, new Date("2026-03-01T18:00:00Z")); // 1 Mar, after it

    const first = await importPeriod(
      london,
      "2026-02-28T16:00:00Z",
      "2026-03-01T16:00:00Z",
      "1 Mar",
    );
    const [row] = await db.select().from(statements).where(eq(statements.id, first.statementId));
    expect(row).toMatchObject({
      coveredFrom: new Date("2026-02-28T16:00:00Z"),
      coveredUntil: new Date("2026-03-01T16:00:00Z"),
      firstDay: "2026-02-28",
      lastDay: "2026-03-01",
    });
    // The statement page: the period in the shop's time, and the China day it is.
    expect((await getStatement(db, london.merchant.id, first.statementId)).covered).toEqual({
      from: new Date("2026-02-28T16:00:00Z"),
      to: new Date("2026-03-01T16:00:00Z"),
      providerDays: { zone: "Asia/Shanghai", firstDay: "2026-03-01", lastDay: "2026-03-01" },
    });
    expect(await missingThere(london)).toEqual([
      [102n, "2026-02-28"],
      [103n, "2026-03-01"],
    ]);
    expect(await stateOf(london, "2026-02-28")).toBe("partly_covered");
    expect(await stateOf(london, "2026-03-01")).toBe("partly_covered");
    expect(await stateOf(london, "2026-03-02")).toBe("not_covered");
    await expectDomainError(
      closeDay(db, london.manager, london.merchant.id, {
        methodId: london.sandbox.id,
        day: "2026-03-01",
      }),
      "INVALID_STATE",
      "reconDayPartlyCovered",
    );

    // The bill of 2 March comes: the rest of 1 March is covered, its edge judged too.
    await importPeriod(london, "2026-03-01T16:00:00Z", "2026-03-02T16:00:00Z", "2 Mar");
    expect(await missingThere(london)).toEqual([
      [102n, "2026-02-28"],
      [103n, "2026-03-01"],
      [104n, "2026-03-01"],
      [105n, "2026-03-01"],
    ]);
    expect(await stateOf(london, "2026-03-01")).toBe("open");
    expect(await stateOf(london, "2026-02-28")).toBe("partly_covered");
    expect(await stateOf(london, "2026-03-02")).toBe("partly_covered");
  });

  it("takes a WeChat bill without a period as the China days around its lines", async () => {
    // China 10 May is 9 May 16:00 – 10 May 16:00 UTC: 9 May 17:00 – 10 May 17:00 in London (BST).
    const listed = await paidAt(db, london, 301n, new Date("2026-05-09T19:00:00Z"));
    await paidAt(db, london, 302n, new Date("2026-05-09T12:00:00Z")); // 9 May, before the China day
    await paidAt(db, london, 303n, new Date("2026-05-10T10:00:00Z")); // 10 May, inside it
    await paidAt(db, london, 304n, new Date("2026-05-10T20:00:00Z")); // 10 May, after it
    const bill = buildWechatBill([
      {
        time: "2026-05-10 03:00:00",
        txnId: listed.attempt.providerTxnId,
        merchantRef: listed.attempt.token,
        amount: "3.01",
      },
    ]);
    const { statementId } = await importFile(london, utf8(bill), openStatement);
    const [row] = await db.select().from(statements).where(eq(statements.id, statementId));
    expect(row).toMatchObject({
      coveredFrom: new Date("2026-05-09T16:00:00Z"),
      coveredUntil: new Date("2026-05-10T16:00:00Z"),
      firstDay: "2026-05-09",
      lastDay: "2026-05-10",
    });
    const may = (await missingThere(london)).filter(([, day]) => String(day).startsWith("2026-05"));
    expect(may).toEqual([[303n, "2026-05-10"]]);
    expect(await stateOf(london, "2026-05-09")).toBe("partly_covered");
  });
});

describe(`two statements sharing a shop's day (${engine})`, () => {
  it("each lists only the differences of its own period on its page", async () => {
    // Two China days' bills in a London shop (BST): the first ends, the second begins at
    // 2 Apr 17:00 London time, so both reach into 2 Apr.
    const shop = await shopIn("Shared day", "Europe/London");
    await paidAt(db, shop, 201n, new Date("2026-04-02T10:00:00Z")); // 2 Apr, the first's
    await paidAt(db, shop, 202n, new Date("2026-04-02T20:00:00Z")); // 2 Apr, the second's
    const first = await importPeriod(shop, "2026-04-01T16:00:00Z", "2026-04-02T16:00:00Z", "a");
    const second = await importPeriod(shop, "2026-04-02T16:00:00Z", "2026-04-03T16:00:00Z", "b");
    expect(await missingThere(shop)).toEqual([
      [201n, "2026-04-02"],
      [202n, "2026-04-02"],
    ]);
    const shown = async (statementId: string) =>
      (await getStatement(db, shop.merchant.id, statementId)).differences;
    expect(await shown(first.statementId)).toEqual([
      expect.objectContaining({ kind: "missing_there", count: 1, ourAmountMinor: 201n }),
    ]);
    expect(await shown(second.statementId)).toEqual([
      expect.objectContaining({ kind: "missing_there", count: 1, ourAmountMinor: 202n }),
    ]);
  });
});

describe(`a downloaded bill in a London shop (${engine})`, () => {
  it("speaks for the China day it was asked for, even with no line in it", async () => {
    const london = await shopIn("London download", "Europe/London");
    const { statementId } = await downloadAndImport(
      db,
      london.manager,
      london.merchant.id,
      { methodId: london.sandbox.id, day: "2026-06-01" },
      { key: testEncryptionKey },
    );
    const [row] = await db.select().from(statements).where(eq(statements.id, statementId));
    expect(row).toMatchObject({
      lineCount: 0,
      coveredFrom: new Date("2026-05-31T16:00:00Z"),
      coveredUntil: new Date("2026-06-01T16:00:00Z"),
      firstDay: "2026-05-31",
      lastDay: "2026-06-01",
    });
  });
});

describe(`a Stripe UTC day in a Shanghai shop (${engine})`, () => {
  it("reports missing only what falls in the UTC day, on both local days it touches", async () => {
    const shanghai = await shopIn("Shanghai edges", "Asia/Shanghai");
    // UTC 1 April is 1 Apr 08:00 – 2 Apr 08:00 in Shanghai.
    await paidAt(db, shanghai, 201n, new Date("2026-04-01T02:00:00+08:00")); // 1 Apr, before it
    await paidAt(db, shanghai, 202n, new Date("2026-04-01T20:00:00+08:00")); // 1 Apr, inside
    await paidAt(db, shanghai, 203n, new Date("2026-04-02T07:00:00+08:00")); // 2 Apr, inside
    await paidAt(db, shanghai, 204n, new Date("2026-04-02T09:00:00+08:00")); // 2 Apr, after it
    await importPeriod(shanghai, "2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z", "UTC 1 Apr");
    expect(await missingThere(shanghai)).toEqual([
      [202n, "2026-04-01"],
      [203n, "2026-04-02"],
    ]);
    expect(await stateOf(shanghai, "2026-04-01")).toBe("partly_covered");
    expect(await stateOf(shanghai, "2026-04-02")).toBe("partly_covered");
  });
});

describe(`payments near a period's edge in a Shanghai shop (${engine})`, () => {
  let shop: PaymentsSeed;
  // China-day bills: a Shanghai shop's local days exactly.
  /** A bill of one China day listing the payments given, as the provider charged them. */
  const billOf = async (day: string, paid: { attempt: { id: string } }[]) => {
    const from = new Date(`${day}T00:00:00+08:00`);
    const listed = paid.length
      ? await db
          .select()
          .from(paymentAttempts)
          .where(
            inArray(
              paymentAttempts.id,
              paid.map((p) => p.attempt.id),
            ),
          )
      : [];
    return importFile(
      shop,
      statementFile(
        listed.map((a) => ({
          amountMinor: a.amountMinor,
          feeMinor: a.feeMinor ?? 0n,
          providerTxnId: a.providerTxnId,
          occurredAt: a.succeededAt!,
        })),
        { from, to: new Date(from.getTime() + 86_400_000) },
        day,
      ),
      jsonStatementReader,
    );
  };
  const dayOf = (day: string) =>
    getDayClose(db, shop.merchant.id, { methodId: shop.sandbox.id, day });
  const close = (day: string) =>
    closeDay(db, shop.manager, shop.merchant.id, { methodId: shop.sandbox.id, day });

  beforeAll(async () => {
    shop = await shopIn("Shanghai waiting", "Asia/Shanghai");
  });

  it("lists them as waiting for the next statement, lets the day close, and judges them when it comes", async () => {
    const at = (local: string) => new Date(`${local}+08:00`);
    const early = await paidAt(db, shop, 401n, at("2026-07-01T00:03:00")); // 3 min into 1 Jul
    const listed = await paidAt(db, shop, 402n, at("2026-07-01T12:00:00"));
    const late = await paidAt(db, shop, 403n, at("2026-07-01T23:57:00")); // 3 min before 2 Jul
    const next = await paidAt(db, shop, 404n, at("2026-07-02T00:02:00")); // 2 min into 2 Jul
    await billOf("2026-07-01", [listed]);

    const day = await dayOf("2026-07-01");
    expect(day.state).toBe("ready");
    expect(day.waitingAtEdges.map((w) => [w.orderNumber, w.amountMinor, w.kind])).toEqual([
      [early.order.number, 401n, "payment"],
      [late.order.number, 403n, "payment"],
    ]);
    const { methods } = await listDays(db, shop.merchant.id, {
      month: "2026-07",
      methodId: shop.sandbox.id,
    });
    const counts = methods[0]!.days.filter((d) => d.waitingAtEdges > 0);
    expect(counts.map((d) => [d.day, d.waitingAtEdges])).toEqual([
      ["2026-07-01", 2],
      ["2026-07-02", 1],
    ]);

    // Waiting does not hold the close: the close keeps how many waited.
    await close("2026-07-01");
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, "recon.day_closed"),
          eq(auditLog.entityId, `${shop.sandbox.id}:2026-07-01`),
        ),
      );
    expect(audit!.after).toMatchObject({ waitingAtEdges: 2 });

    // The bill of 2 July lists the payment of 00:02 but not the one of 23:57 on 1 July: that
    // one is missing there, and 1 July opens again to show it.
    await billOf("2026-07-02", [next]);
    expect((await missingThere(shop)).filter(([, d]) => String(d).startsWith("2026-07"))).toEqual([
      [403n, "2026-07-01"],
    ]);
    const after = await dayOf("2026-07-01");
    expect(after.state).toBe("open");
    expect(after.reopenedReason).toBe("statement");
    expect(after.waitingAtEdges.map((w) => w.id)).toEqual([early.attempt.id]);
  });

  it("leaves a closed day closed when the next day's bill brings nothing for it", async () => {
    const at = (local: string) => new Date(`${local}+08:00`);
    const listed = await paidAt(db, shop, 501n, at("2026-08-05T12:00:00"));
    await billOf("2026-08-04", []);
    await billOf("2026-08-05", [listed]);
    await close("2026-08-05");
    await billOf("2026-08-06", []);
    expect((await dayOf("2026-08-05")).state).toBe("closed");
  });
});
