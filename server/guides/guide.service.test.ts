import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { guideAcknowledgments, guides } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { seedMerchant } from "@/test/fixtures";
import { listAudit, verifyAuditChain, type Actor } from "@/server/audit/audit.service";
import {
  acknowledgeGuide,
  getGuide,
  getGuideForEdit,
  listLibrary,
  pendingGuides,
  progressMatrix,
  remindToRead,
  submitQuiz,
  updateGuide,
} from "./guide.service";
import { loadShippedGuides, type ShippedGuide } from "./shipped-guides";
import { seedShippedGuides, seedShippedGuidesForAll } from "./shipped-guides.service";

const { db } = setupTestDatabase();
const shipped = loadShippedGuides();
const redeem = shipped.find((g) => g.slug === "redeem-voucher")!;
const rightAnswers = Object.fromEntries(redeem.quiz!.questions.map((q) => [q.id, q.correct]));
const wrongAnswers = Object.fromEntries(
  redeem.quiz!.questions.map((q) => [q.id, [q.options.find((o) => !q.correct.includes(o.id))!.id]]),
);

async function seeded(label: string) {
  const seed = await seedMerchant(db, label);
  await db.transaction((tx) => seedShippedGuides(tx, seed.merchant.id, shipped));
  const actorOf = (role: keyof typeof seed.people): Actor & { userId: string } => ({
    userId: seed.people[role].id,
    ip: "203.0.113.7",
    userAgent: "vitest",
  });
  const readerOf = (role: keyof typeof seed.people) => ({ userId: seed.people[role].id, role });
  return { ...seed, actorOf, readerOf };
}

async function complete(s: Awaited<ReturnType<typeof seeded>>, slug = "redeem-voucher") {
  const staff = s.actorOf("staff");
  const { version } = await getGuide(db, s.merchant.id, s.readerOf("staff"), {
    slug,
    locale: "zh-CN",
  });
  await acknowledgeGuide(db, staff, s.merchant.id, "staff", { slug, version });
  return submitQuiz(db, staff, s.merchant.id, "staff", { slug, version, answers: rightAnswers });
}

function editOf(current: Awaited<ReturnType<typeof getGuideForEdit>>) {
  return {
    slug: current.slug,
    expectedVersion: current.version,
    roles: current.roles,
    contents: current.contents,
    quiz: current.quiz,
  };
}

describe(`guides (${engine})`, () => {
  it("targets roles: a cashier's library has the counter guides, not the owner's review", async () => {
    const s = await seeded("Roles");
    const staff = await listLibrary(db, s.merchant.id, s.readerOf("staff"), { locale: "en" });
    expect(staff.map((g) => g.slug)).toContain("redeem-voucher");
    expect(staff.map((g) => g.slug)).not.toContain("owner-daily-review");
    expect(staff.every((g) => g.isForMe && g.state === "not_started")).toBe(true);

    const analyst = await listLibrary(db, s.merchant.id, s.readerOf("analyst"), { locale: "en" });
    expect(analyst.map((g) => g.slug)).toEqual(["data-protection", "daily-close"]);

    const owner = await listLibrary(db, s.merchant.id, s.readerOf("owner"), { locale: "en" });
    expect(owner).toHaveLength(shipped.length);
    expect(owner.find((g) => g.slug === "owner-daily-review")!.isForMe).toBe(true);

    await expectDomainError(
      getGuide(db, s.merchant.id, s.readerOf("staff"), {
        slug: "owner-daily-review",
        locale: "en",
      }),
      "NOT_FOUND",
      "guideNotFound",
    );
    // An owner reads a guide that is not for owners, but keeps no progress on it.
    const analystOnly = editOf(await getGuideForEdit(db, s.merchant.id, "data-protection"));
    await updateGuide(db, s.actorOf("owner"), s.merchant.id, {
      ...analystOnly,
      roles: ["analyst"],
    });
    expect(
      (
        await getGuide(db, s.merchant.id, s.readerOf("owner"), {
          slug: "data-protection",
          locale: "en",
        })
      ).isForMe,
    ).toBe(false);
    await expectDomainError(
      acknowledgeGuide(db, s.actorOf("owner"), s.merchant.id, "owner", {
        slug: "data-protection",
        version: 2,
      }),
      "INVALID_STATE",
      "guideNotForRole",
    );
    await expectDomainError(
      acknowledgeGuide(db, s.actorOf("analyst"), s.merchant.id, "analyst", {
        slug: "redeem-voucher",
        version: 1,
      }),
      "NOT_FOUND",
      "guideNotFound",
    );
  });

  it("searches title and body in the reader's language, treating % literally", async () => {
    const s = await seeded("Search");
    const zh = await listLibrary(db, s.merchant.id, s.readerOf("staff"), {
      locale: "zh-CN",
      search: "校验位",
    });
    expect(zh.map((g) => g.slug)).toEqual(["redeem-voucher"]);
    const en = await listLibrary(db, s.merchant.id, s.readerOf("staff"), {
      locale: "en",
      search: "OVERPAYMENT",
    });
    expect(en.map((g) => g.slug)).toEqual(["counter-fraud"]);
    expect(
      await listLibrary(db, s.merchant.id, s.readerOf("staff"), { locale: "en", search: "校验位" }),
    ).toEqual([]);
    expect(
      await listLibrary(db, s.merchant.id, s.readerOf("staff"), { locale: "en", search: "%" }),
    ).toEqual([]);
  });

  it("never sends the quiz answers before a pass, and scores on the server", async () => {
    const s = await seeded("Quiz");
    const guide = await getGuide(db, s.merchant.id, s.readerOf("staff"), {
      slug: "redeem-voucher",
      locale: "zh-CN",
    });
    expect(guide.title).toMatch(/核销/);
    expect(JSON.stringify(guide.quiz)).not.toMatch(/correct|explanation/);
    expect(guide.answers).toBeNull();

    const staff = s.actorOf("staff");
    const submit = (answers: Record<string, string[]>) =>
      submitQuiz(db, staff, s.merchant.id, "staff", {
        slug: "redeem-voucher",
        version: 1,
        answers,
      });

    await expectDomainError(submit(rightAnswers), "INVALID_STATE", "acknowledgeFirst");
    await acknowledgeGuide(db, staff, s.merchant.id, "staff", {
      slug: "redeem-voucher",
      version: 1,
    });

    const failed = await submit(wrongAnswers);
    expect(failed).toEqual({
      score: 0,
      total: redeem.quiz!.questions.length,
      passMark: redeem.quiz!.passMark,
      passed: false,
      wrongQuestionIds: redeem.quiz!.questions.map((q) => q.id),
      retryAt: null,
    });
    let state = await getGuide(db, s.merchant.id, s.readerOf("staff"), {
      slug: "redeem-voucher",
      locale: "en",
    });
    expect(state).toMatchObject({
      state: "acknowledged",
      quizScore: 0,
      quizAttempts: 1,
      answers: null,
    });

    const passed = await submit(rightAnswers);
    expect(passed).toMatchObject({
      score: redeem.quiz!.questions.length,
      passed: true,
      wrongQuestionIds: [],
    });
    state = await getGuide(db, s.merchant.id, s.readerOf("staff"), {
      slug: "redeem-voucher",
      locale: "en",
    });
    expect(state.state).toBe("completed");
    expect(state.answers).not.toBeNull();

    // A later failed try keeps the pass.
    await submit(wrongAnswers);
    state = await getGuide(db, s.merchant.id, s.readerOf("staff"), {
      slug: "redeem-voucher",
      locale: "en",
    });
    expect(state).toMatchObject({ state: "completed", quizAttempts: 3 });

    const audit = await listAudit(db, s.merchant.id, { entityType: "guide" });
    expect(audit.filter((a) => a.action === "guide.quiz.submit")).toHaveLength(3);
    expect(await verifyAuditChain(db, s.merchant.id)).toBeNull();
  });

  it("says only the score and the wrong questions, never the right options, and waits after two failed tries", async () => {
    const s = await seeded("QuizWait");
    const staff = s.actorOf("staff");
    await acknowledgeGuide(db, staff, s.merchant.id, "staff", {
      slug: "redeem-voucher",
      version: 1,
    });
    const submit = (answers: Record<string, string[]>) =>
      submitQuiz(db, staff, s.merchant.id, "staff", {
        slug: "redeem-voucher",
        version: 1,
        answers,
      });
    // One question right, the rest wrong.
    const [first, ...others] = redeem.quiz!.questions;
    const oneRight = { ...wrongAnswers, [first!.id]: first!.correct };

    const try1 = await submit(oneRight);
    expect(try1.wrongQuestionIds).toEqual(others.map((q) => q.id));
    expect(JSON.stringify(try1)).not.toMatch(/correct|explanation/);
    expect(try1.retryAt).toBeNull();

    const before = Date.now();
    const try2 = await submit(oneRight);
    expect(try2.retryAt!.getTime() - before).toBeGreaterThanOrEqual(29 * 60_000);
    await expectDomainError(submit(rightAnswers), "RATE_LIMITED", "quizCoolingDown");
    const waiting = await getGuide(db, s.merchant.id, s.readerOf("staff"), {
      slug: "redeem-voucher",
      locale: "en",
    });
    expect(waiting).toMatchObject({ state: "acknowledged", quizAttempts: 2, answers: null });
    expect(waiting.quizRetryAt).toEqual(try2.retryAt);

    // The wait over, the next try counts again.
    await db
      .update(guideAcknowledgments)
      .set({ quizLockedUntil: new Date(Date.now() - 1000) })
      .where(eq(guideAcknowledgments.userId, staff.userId));
    expect(await submit(rightAnswers)).toMatchObject({ passed: true, retryAt: null });
  });

  it("completes a guide without a quiz on acknowledgment; refuses a quiz it does not have", async () => {
    const s = await seeded("NoQuiz");
    const manager = s.actorOf("manager");
    await acknowledgeGuide(db, manager, s.merchant.id, "manager", {
      slug: "owner-daily-review",
      version: 1,
    });
    const g = await getGuide(db, s.merchant.id, s.readerOf("manager"), {
      slug: "owner-daily-review",
      locale: "en",
    });
    expect(g.state).toBe("completed");
    await expectDomainError(
      submitQuiz(db, manager, s.merchant.id, "manager", {
        slug: "owner-daily-review",
        version: 1,
        answers: {},
      }),
      "INVALID_STATE",
      "guideHasNoQuiz",
    );
  });

  it("a version bump by an edit resets acknowledgments: staff must read and pass again", async () => {
    const s = await seeded("Bump");
    await complete(s);
    const owner = s.actorOf("owner");
    const current = await getGuideForEdit(db, s.merchant.id, "redeem-voucher");
    const edit = editOf(current);
    edit.contents.en.body += "\n\nNew rule: always say thank you.";
    expect(await updateGuide(db, owner, s.merchant.id, edit)).toEqual({ version: 2 });

    const after = await getGuide(db, s.merchant.id, s.readerOf("staff"), {
      slug: "redeem-voucher",
      locale: "en",
    });
    expect(after).toMatchObject({ version: 2, state: "outdated", quizScore: null, answers: null });
    expect(after.body).toContain("always say thank you");

    // Acting on the old version is refused; the new one starts without the old pass.
    await expectDomainError(
      acknowledgeGuide(db, s.actorOf("staff"), s.merchant.id, "staff", {
        slug: "redeem-voucher",
        version: 1,
      }),
      "CONFLICT",
      "guideChanged",
    );
    await acknowledgeGuide(db, s.actorOf("staff"), s.merchant.id, "staff", {
      slug: "redeem-voucher",
      version: 2,
    });
    const reAcked = await getGuide(db, s.merchant.id, s.readerOf("staff"), {
      slug: "redeem-voucher",
      locale: "en",
    });
    expect(reAcked).toMatchObject({ state: "acknowledged", quizScore: null, quizAttempts: 0 });

    // Saving without a change keeps the version (nobody is sent back to re-read).
    const unchanged = editOf(await getGuideForEdit(db, s.merchant.id, "redeem-voucher"));
    unchanged.roles = [...unchanged.roles].reverse();
    expect(await updateGuide(db, owner, s.merchant.id, unchanged)).toEqual({ version: 2 });

    // A stale editor cannot overwrite the newer text.
    await expectDomainError(
      updateGuide(db, owner, s.merchant.id, edit),
      "CONFLICT",
      "guideEditedMeanwhile",
    );
    const audit = await listAudit(db, s.merchant.id, { entityType: "guide" });
    expect(audit.some((a) => a.action === "guide.update")).toBe(true);
  });

  it("re-seeding a changed shipped guide bumps its version, unless the merchant edited it", async () => {
    const s = await seeded("Reseed");
    await complete(s);
    const changed: ShippedGuide[] = shipped.map((g) => ({
      ...g,
      contents: {
        ...g.contents,
        en: { ...g.contents.en, body: `${g.contents.en.body}\n\nUpdated.` },
      },
      hash: `${g.hash}-2`,
    }));
    // The merchant edited the fraud guide: their text wins over the new shipped one.
    const fraud = editOf(await getGuideForEdit(db, s.merchant.id, "counter-fraud"));
    fraud.contents["zh-CN"].body += "\n\n本店补充：可疑情况先拍下订单号。";
    await updateGuide(db, s.actorOf("manager"), s.merchant.id, fraud);

    const result = await db.transaction((tx) => seedShippedGuides(tx, s.merchant.id, changed));
    expect(result).toEqual({ added: 0, updated: shipped.length - 1 });
    const redeemNow = await getGuide(db, s.merchant.id, s.readerOf("staff"), {
      slug: "redeem-voucher",
      locale: "en",
    });
    expect(redeemNow).toMatchObject({ version: 2, state: "outdated" });
    expect(redeemNow.body).toMatch(/Updated\.$/);
    const fraudNow = await getGuideForEdit(db, s.merchant.id, "counter-fraud");
    expect(fraudNow.version).toBe(2);
    expect(fraudNow.contents.en.body).not.toMatch(/Updated\.$/);

    // Seeding the same release again changes nothing.
    expect(await db.transaction((tx) => seedShippedGuides(tx, s.merchant.id, changed))).toEqual({
      added: 0,
      updated: 0,
    });
  });

  it("shows the owner a matrix of people × guides with state and date, and reminders", async () => {
    const s = await seeded("Matrix");
    const passed = await complete(s);
    expect(passed.passed).toBe(true);
    const matrix = await progressMatrix(db, s.merchant.id, "zh-CN");
    expect(matrix.guides.map((g) => g.slug)).toEqual(shipped.map((g) => g.slug));
    const col = matrix.guides.findIndex((g) => g.slug === "redeem-voucher");
    const review = matrix.guides.findIndex((g) => g.slug === "owner-daily-review");
    const staff = matrix.people.find((p) => p.role === "staff")!;
    expect(staff.cells[col]).toMatchObject({ state: "completed", quizScore: 4 });
    expect(staff.cells[col]!.at).toBeInstanceOf(Date);
    expect(staff.cells[review]).toBeNull();
    // Nine shipped guides are meant for the counter (the promotion guide the latest).
    expect(staff).toMatchObject({ completed: 1, due: 8 });
    const analyst = matrix.people.find((p) => p.role === "analyst")!;
    // Data protection and the daily close.
    expect(analyst.due).toBe(2);
    expect(matrix.people.map((p) => p.role)).toEqual(["owner", "manager", "staff", "analyst"]);

    // Remind: recorded, shown to the person until completed; refused when pointless.
    const owner = s.actorOf("owner");
    await remindToRead(db, owner, s.merchant.id, {
      slug: "counter-fraud",
      userId: s.people.staff.id,
    });
    const pending = await pendingGuides(db, s.merchant.id, s.readerOf("staff"), "en");
    expect(pending.pending).toBe(7);
    expect(pending.reminded.map((r) => r.slug)).toEqual(["counter-fraud"]);
    const after = await progressMatrix(db, s.merchant.id, "en");
    const fraudCol = after.guides.findIndex((g) => g.slug === "counter-fraud");
    expect(
      after.people.find((p) => p.role === "staff")!.cells[fraudCol]!.remindedAt,
    ).toBeInstanceOf(Date);

    await expectDomainError(
      remindToRead(db, owner, s.merchant.id, { slug: "redeem-voucher", userId: s.people.staff.id }),
      "INVALID_STATE",
      "guideAlreadyCompleted",
    );
    await expectDomainError(
      remindToRead(db, owner, s.merchant.id, {
        slug: "owner-daily-review",
        userId: s.people.staff.id,
      }),
      "INVALID_STATE",
      "guideNotForRole",
    );
  });

  it("keeps merchants apart: guides, progress and reminders", async () => {
    const a = await seeded("TenantA");
    const b = await seeded("TenantB");
    await complete(a);
    const bMatrix = await progressMatrix(db, b.merchant.id, "en");
    expect(bMatrix.people.every((p) => p.completed === 0)).toBe(true);
    expect(bMatrix.people.map((p) => p.userId)).not.toContain(a.people.staff.id);

    // A's owner cannot remind B's staff, nor A's staff read B's guides through A.
    await expectDomainError(
      remindToRead(db, a.actorOf("owner"), a.merchant.id, {
        slug: "counter-fraud",
        userId: b.people.staff.id,
      }),
      "NOT_FOUND",
      "memberNotFound",
    );
    const [bGuide] = await db
      .select()
      .from(guides)
      .where(eq(guides.merchantId, b.merchant.id))
      .limit(1);
    await expectDomainError(
      updateGuide(db, a.actorOf("owner"), a.merchant.id, {
        ...editOf(await getGuideForEdit(db, b.merchant.id, bGuide!.slug)),
        slug: "no-such-guide",
      }),
      "NOT_FOUND",
      "guideNotFound",
    );
  });

  it("at start-up re-seeds only the merchants whose shipped copies are stale", async () => {
    const s = await seeded("Startup");
    const other = await seeded("StartupOther");
    await db
      .update(guides)
      .set({ shippedHash: "from-an-older-release" })
      .where(and(eq(guides.merchantId, s.merchant.id), eq(guides.slug, "refunds")));
    await seedShippedGuidesForAll(db);
    const versionOf = async (merchantId: string) =>
      (await getGuideForEdit(db, merchantId, "refunds")).version;
    expect(await versionOf(s.merchant.id)).toBe(2);
    expect(await versionOf(other.merchant.id)).toBe(1);
    await seedShippedGuidesForAll(db);
    expect(await versionOf(s.merchant.id)).toBe(2);
  });
});
