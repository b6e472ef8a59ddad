import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { alerts, auditLog, receiptFeedback, satisfactionRollups, supportNotes } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { actorOf, seedPayments, type PaymentsSeed } from "@/test/payments";
import { rebuildRollups, rebuildStaleRollups } from "@/server/analytics/rollup-rebuild.service";
import { getMerchantSettings, updateMerchantSettings } from "@/server/merchants/merchant.service";
import { paidVoucher } from "@/test/vouchers";
import { listOrderNotes } from "@/server/support/support-note.service";
import { selectRows } from "@/server/analytics/rollup.service";
import { localDate } from "@/server/time/local-date.logic";
import { loadReceipt } from "@/server/vouchers/receipt.service";
import { feedbackRule } from "./feedback.logic";
import { listFeedback, replyToFeedback, submitFeedback } from "./feedback.service";
import { satisfactionOver } from "./satisfaction.service";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let b: PaymentsSeed;
let address = 0;
/** Each test its own network address, so the rate limit never leaks between tests. */
const from = () => ({ ip: `198.51.100.${++address}`, userAgent: "test" });

beforeAll(async () => {
  a = await seedPayments(db, "Alpha");
  b = await seedPayments(db, "Beta");
});

const receipt = async (seed: PaymentsSeed = a) => (await paidVoucher(db, seed)).voucher.code;

describe(`rating a receipt (${engine})`, () => {
  it("keeps one answer with its roll-up and audit row, and the receipt shows it was rated", async () => {
    const code = await receipt();
    const before = await loadReceipt(db, code);
    expect(before.ratedScore).toBeNull();
    await submitFeedback(db, from(), {
      code,
      score: 4,
      comment: "  Quick and kind  ",
      locale: "en",
    });
    const after = await loadReceipt(db, code);
    expect(after.ratedScore).toBe(4);
    const [row] = await db
      .select()
      .from(receiptFeedback)
      .where(eq(receiptFeedback.merchantId, a.merchant.id));
    expect(row).toMatchObject({
      score: 4,
      comment: "Quick and kind",
      locale: "en",
      storeId: a.store.id,
      methodId: a.cash.id,
      cashierId: a.people.staff.id,
    });
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "feedback.receive"), eq(auditLog.entityId, row!.orderId)));
    expect(audits).toHaveLength(1);
    // The score is audited, never the customer's words.
    expect(JSON.stringify(audits[0]!.after)).not.toContain("kind");
  });

  it("takes exactly one answer per receipt when several are posted at once", async () => {
    const code = await receipt(b);
    const results = await Promise.allSettled(
      [5, 1, 3, 2, 4].map((score) => submitFeedback(db, from(), { code, score })),
    );
    const kept = results.filter((r) => r.status === "fulfilled");
    expect(kept).toHaveLength(1);
    for (const r of results.filter((x) => x.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: "CONFLICT",
        messageKey: "feedbackAlreadyGiven",
      });
    }
    const [counted] = await db
      .select({ answers: sql<number>`sum(${satisfactionRollups.answers})::int` })
      .from(satisfactionRollups)
      .where(eq(satisfactionRollups.merchantId, b.merchant.id));
    expect(counted?.answers).toBe(1);
  });

  it("stores a hostile comment as the text it is, and refuses one over the length cap", async () => {
    const hostile = `<img src=x onerror="alert(1)"><script>document.cookie</script>'; drop table orders;--`;
    const code = await receipt();
    const { id } = await submitFeedback(db, from(), { code, score: 3, comment: hostile });
    const [row] = await db.select().from(receiptFeedback).where(eq(receiptFeedback.id, id));
    expect(row?.comment).toBe(hostile);
    const other = await receipt();
    await expect(
      submitFeedback(db, from(), { code: other, score: 3, comment: "x".repeat(501) }),
    ).rejects.toBeInstanceOf(ZodError);
    await expect(submitFeedback(db, from(), { code: other, score: 6 })).rejects.toBeInstanceOf(
      ZodError,
    );
  });

  it("refuses an unknown code and a network address past the rate limit", async () => {
    await expectDomainError(
      submitFeedback(db, from(), { code: "AAAAAAAAAAAA", score: 5 }),
      "NOT_FOUND",
      "receiptNotFound",
    );
    const one = from();
    const codes = await Promise.all(
      Array.from({ length: feedbackRule.maxFailures + 1 }, () => receipt()),
    );
    for (const code of codes.slice(0, feedbackRule.maxFailures)) {
      await submitFeedback(db, one, { code, score: 5 });
    }
    await expectDomainError(
      submitFeedback(db, one, { code: codes.at(-1)!, score: 5 }),
      "RATE_LIMITED",
      "tooManyFeedback",
    );
    // Another customer, elsewhere, is not held up.
    await submitFeedback(db, from(), { code: codes.at(-1)!, score: 5 });
  });

  it("raises an alert for a score of 2 or less, and none for a 3", async () => {
    // The shop's low-satisfaction alerts; earlier tests of this file may have raised some.
    const raisedAlerts = () =>
      db
        .select()
        .from(alerts)
        .where(and(eq(alerts.merchantId, b.merchant.id), eq(alerts.kind, "low_satisfaction")));
    const before = new Set((await raisedAlerts()).map((a) => a.id));
    await submitFeedback(db, from(), { code: await receipt(b), score: 3 });
    expect(await raisedAlerts()).toHaveLength(before.size);
    await submitFeedback(db, from(), { code: await receipt(b), score: 2, comment: "slow" });
    const after = await raisedAlerts();
    expect(after).toHaveLength(before.size + 1);
    const raised = after.find((a) => !before.has(a.id));
    expect(raised?.details).toMatchObject({ score: 2, methodLabel: "Cash" });
    expect(JSON.stringify(raised?.details)).not.toContain("slow");
  });
});

describe(`the feedback inbox (${engine})`, () => {
  it("lists the shop's answers only, newest first, by score and page", async () => {
    const seed = await seedPayments(db, "Inbox");
    for (const score of [5, 1, 4, 1]) {
      await submitFeedback(db, from(), { code: await receipt(seed), score });
    }
    await submitFeedback(db, from(), { code: await receipt(), score: 1 });
    const all = await listFeedback(db, seed.merchant.id, { limit: 3 });
    expect(all.rows.map((r) => r.score)).toEqual([1, 4, 1]);
    const next = await listFeedback(db, seed.merchant.id, { limit: 3, cursor: all.nextCursor! });
    expect(next.rows.map((r) => r.score)).toEqual([5]);
    expect(next.nextCursor).toBeNull();
    expect((await listFeedback(db, seed.merchant.id, { score: 1 })).rows).toHaveLength(2);
    expect((await listFeedback(db, seed.merchant.id, { lowOnly: true })).rows).toHaveLength(2);
    expect(
      (await listFeedback(db, seed.merchant.id, { methodId: seed.sandbox.id })).rows,
    ).toHaveLength(0);
    expect(
      (await listFeedback(db, seed.merchant.id, { storeId: seed.store.id })).rows,
    ).toHaveLength(4);
    const today = localDate(new Date(), "Asia/Shanghai");
    expect(
      (await listFeedback(db, seed.merchant.id, { from: today, to: today })).rows,
    ).toHaveLength(4);
    expect((await listFeedback(db, seed.merchant.id, { to: "2020-01-01" })).rows).toHaveLength(0);
  });

  it("notes a reply as a support note on the order, once, within the shop", async () => {
    const seed = await seedPayments(db, "Reply");
    await submitFeedback(db, from(), { code: await receipt(seed), score: 2, comment: "cold" });
    const [fb] = (await listFeedback(db, seed.merchant.id, {})).rows;
    await expectDomainError(
      replyToFeedback(db, a.manager, a.merchant.id, { feedbackId: fb!.id, body: "Sorry" }),
      "NOT_FOUND",
      "feedbackNotFound",
    );
    await replyToFeedback(db, seed.manager, seed.merchant.id, {
      feedbackId: fb!.id,
      body: "Sorry — your next coffee is on us.",
    });
    const notes = await listOrderNotes(db, seed.merchant.id, fb!.orderId);
    expect(notes.map((n) => n.body)).toEqual(["Sorry — your next coffee is on us."]);
    const [listed] = (await listFeedback(db, seed.merchant.id, {})).rows;
    expect(listed?.reply).toBe("Sorry — your next coffee is on us.");
    await expectDomainError(
      replyToFeedback(db, seed.manager, seed.merchant.id, { feedbackId: fb!.id, body: "Again" }),
      "CONFLICT",
      "feedbackAlreadyReplied",
    );
    // The refused second reply left no note behind (one transaction).
    expect(
      await db.select().from(supportNotes).where(eq(supportNotes.orderId, fb!.orderId)),
    ).toHaveLength(1);
  });
});

describe(`satisfaction figures (${engine})`, () => {
  it("reads the roll-up, which equals a count of the answers", async () => {
    const seed = await seedPayments(db, "Figures");
    for (const score of [5, 4, 2]) {
      await submitFeedback(db, from(), { code: await receipt(seed), score });
    }
    const today = localDate(new Date(), "Asia/Shanghai");
    const figures = await satisfactionOver(db, seed.merchant.id, { from: today, to: today }, null);
    expect(figures.total).toEqual({ answers: 3, average: 11 / 3, lowShare: 1 / 3 });
    expect(figures.methods).toEqual([
      { methodId: seed.cash.id, name: "Cash", answers: 3, average: 11 / 3, lowShare: 1 / 3 },
    ]);
    expect(figures.stores.map((s) => s.storeId)).toEqual([seed.store.id]);
    expect(figures.cashiers.map((c) => c.cashierId)).toEqual([seed.people.staff.id]);
    expect(figures.trend).toEqual([{ day: today, answers: 3, average: 11 / 3, lowShare: 1 / 3 }]);

    // The roll-up of every shop equals a rebuild from the answers.
    const rebuilt = await selectRows(
      db,
      sql`
      select merchant_id, day::text, store_id, method_id, cashier_id, count(*)::int as answers,
        sum(score)::int as score_sum, count(*) filter (where score <= 2)::int as low_scores
      from receipt_feedback group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
    );
    const kept = await selectRows(
      db,
      sql`
      select merchant_id, day::text, store_id, method_id, cashier_id, answers, score_sum, low_scores
      from satisfaction_rollups where answers > 0 order by 1, 2, 3, 4, 5`,
    );
    expect(kept).toEqual(rebuilt);
  });

  it("move with the shop's time zone, as the other roll-ups do; an erased answer's stay", async () => {
    const seed = await seedPayments(db, "Zone move");
    // 10 Mar 05:00 and 17:30 UTC: 10 and 11 Mar in Shanghai, both 10 Mar in New York.
    await submitFeedback(
      db,
      from(),
      { code: await receipt(seed), score: 5 },
      new Date("2026-03-10T05:00:00Z"),
    );
    const late = await submitFeedback(
      db,
      from(),
      { code: await receipt(seed), score: 2 },
      new Date("2026-03-10T17:30:00Z"),
    );
    const trend = async () =>
      (
        await satisfactionOver(db, seed.merchant.id, { from: "2026-03-09", to: "2026-03-12" }, null)
      ).trend.map((d) => [d.day, d.answers]);
    expect(await trend()).toEqual([
      ["2026-03-10", 1],
      ["2026-03-11", 1],
    ]);
    // The customer of the first asks to be erased: their answer goes, its count stays.
    await db
      .delete(receiptFeedback)
      .where(and(eq(receiptFeedback.merchantId, seed.merchant.id), eq(receiptFeedback.score, 5)));

    const settings = await getMerchantSettings(db, seed.merchant.id);
    await updateMerchantSettings(db, actorOf(seed.people.owner), seed.merchant.id, {
      name: settings.name,
      timeZone: "America/New_York",
      defaultCurrency: settings.defaultCurrency,
      locale: settings.locale,
    });
    expect(await rebuildStaleRollups(db)).toBeGreaterThanOrEqual(1);
    expect(await trend()).toEqual([["2026-03-10", 2]]);
    const [moved] = await db
      .select({ day: receiptFeedback.day })
      .from(receiptFeedback)
      .where(eq(receiptFeedback.id, late.id));
    expect(moved!.day).toBe("2026-03-10");
    // Rebuilt again, nothing moves: counted once.
    await rebuildRollups(db, seed.merchant.id);
    expect(await trend()).toEqual([["2026-03-10", 2]]);
  });
});
